using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Reports;

public static class ReportCommands
{
    public static void Register(IConfigurator config) =>
        config.AddCommand<ReportCommand>("report")
            .WithDescription("Re-render a past run from its report.json (Markdown, JSON, HTML or JUnit XML), or print the report's JSON Schema; never calls a model.")
            .WithExample("report", "out/")
            .WithExample("report", "out/", "--format", "html", "--out", "report.html")
            .WithExample("report", "out/", "--format", "junit", "--fail-under", "accuracy=0.9")
            .WithExample("report", "--format", "schema")
            .WithExample("report", "out/report.json", "--format", "json", "--out", "copy.json");
}
