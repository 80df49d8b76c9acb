using Spectre.Console;
using Tunewise.Progress;

namespace Tunewise.Cli.Commands.Run;

/// <summary>
/// Shows each started task as a Spectre progress bar with rate and remaining time on a terminal. When the output
/// is not interactive (redirected to a file, CI), bars cannot redraw in place, so it writes lines instead
/// (<see cref="LineProgressReporter"/>) and leaves the progress display empty.
/// </summary>
internal sealed class SpectreProgressReporter : IProgressReporter
{
    private readonly ProgressContext _context;
    private readonly LineProgressReporter? _lines;

    public SpectreProgressReporter(ProgressContext context)
    {
        _context = context;
    }

    public SpectreProgressReporter(ProgressContext context, IAnsiConsole console, TimeProvider? time = null)
    {
        _context = context;
        if (!console.Profile.Capabilities.Interactive) _lines = new LineProgressReporter(console, time);
    }

    public IProgressTask Start(string description, double total) =>
        _lines?.Start(description, total) ?? new BarTask(_context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1)));

    private sealed class BarTask(ProgressTask task) : IProgressTask
    {
        public void Increment(double amount = 1) => task.Increment(amount);

        public void Describe(string description) => task.Description = Markup.Escape(description);

        public void Dispose() => task.StopTask();
    }
}
