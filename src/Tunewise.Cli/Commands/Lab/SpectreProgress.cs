using Spectre.Console;
using Tunewise.Progress;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>Live progress bars (description, bar, percentage, time left) for long lab work.</summary>
internal sealed class SpectreProgress(ProgressContext context) : IProgressReporter
{
    public static void Run(IAnsiConsole console, Action<IProgressReporter> work) =>
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => work(new SpectreProgress(context)));

    public IProgressTask Start(string description, double total) => new Task(context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total)));

    private sealed class Task(ProgressTask task) : IProgressTask
    {
        public void Increment(double amount = 1) => task.Increment(amount);

        public void Describe(string description) => task.Description = Markup.Escape(description);

        public void Dispose() => task.StopTask();
    }
}
