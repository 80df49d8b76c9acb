namespace Tunewise.Progress;

/// <summary>
/// How engines report long work. Nothing below the CLI writes to the console; the CLI renders
/// these as Spectre progress bars, tests record them, and libraries may pass <see cref="NullProgressReporter"/>.
/// </summary>
public interface IProgressReporter
{
    IProgressTask Start(string description, double total);
}
