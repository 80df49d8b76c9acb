using Spectre.Console;
using Tunewise.Progress;

namespace Tunewise.Cli.Commands.Run;

/// <summary>Shows each started task as a Spectre progress bar with rate and remaining time.</summary>
internal sealed class SpectreProgressReporter(ProgressContext context) : IProgressReporter
{
    public IProgressTask Start(string description, double total) =>
        new BarTask(context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1)));

    private sealed class BarTask(ProgressTask task) : IProgressTask
    {
        public void Increment(double amount = 1) => task.Increment(amount);

        public void Describe(string description) => task.Description = Markup.Escape(description);

        public void Dispose() => task.StopTask();
    }
}
