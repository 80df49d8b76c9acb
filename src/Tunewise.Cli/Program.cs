using Spectre.Console;
using Spectre.Console.Cli;

namespace Tunewise.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, AnsiConsole.Console);

    /// <summary>Runs the CLI against a given console; tests pass a TestConsole.</summary>
    public static int Run(string[] args, IAnsiConsole console)
    {
        var app = new CommandApp();
        app.Configure(config => Configure(config, console));
        try
        {
            return app.Run(args);
        }
        catch (UserInputException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (CommandParseException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (CommandRuntimeException ex)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled[/]");
            return ExitCodes.InternalError;
        }
        catch (Exception ex)
        {
            console.MarkupLineInterpolated($"[red]internal error:[/] {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.InternalError;
        }
    }

    public static void Configure(IConfigurator config, IAnsiConsole console)
    {
        config.SetApplicationName("tunewise");
        config.Settings.Console = console;
        config.Settings.PropagateExceptions = true;
        // Each area registers its commands in one line here (see Commands/<Area>/<Area>Commands.cs).
        Commands.Studies.StudyCommands.Register(config);
        Commands.Run.RunCommands.Register(config);
        Commands.Reports.ReportCommands.Register(config);
        Commands.Data.DataCommands.Register(config);
        Commands.Models.ModelCommands.Register(config);
        Commands.Planning.PlanCommands.Register(config);
        Commands.Export.ExportCommands.Register(config);
        Commands.Lab.LabCommands.Register(config);
        Commands.Bench.BenchCommands.Register(config);
    }
}
