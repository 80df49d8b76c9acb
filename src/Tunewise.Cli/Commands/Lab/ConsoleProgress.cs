using Spectre.Console;
using Tunewise.Progress;

namespace Tunewise.Cli.Commands.Lab;

/// <summary>Prints each started task as one line; enough for short phases without a live display.</summary>
internal sealed class ConsoleProgress(IAnsiConsole console) : IProgressReporter
{
    public IProgressTask Start(string description, double total)
    {
        console.MarkupLineInterpolated($"[grey]… {description}[/]");
        return new LineTask();
    }

    private sealed class LineTask : IProgressTask
    {
        public void Increment(double amount = 1) { }

        public void Describe(string description) { }

        public void Dispose() { }
    }
}
