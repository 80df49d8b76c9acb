using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Reports;

public static class ReportCommands
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<ReportCommand>("report")
            .WithDescription("Re-render a past run from its report.json (Markdown or JSON); never calls a model.")
            .WithExample("report", "out/")
            .WithExample("report", "out/report.json", "--format", "json", "--out", "copy.json");
}
