using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Run;

public static class RunCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<RunCommand>("run")
            .WithDescription("Run a study: load, curate and split the data, freeze the test set, run the prompting and retrieval arms, decide, and write report.json, results.jsonl, report.md, report.html and junit.xml. Resumes an interrupted run.")
            .WithExample("run", "study.yaml")
            .WithExample("run", "study.yaml", "--out", "reports/", "--fail-under", "accuracy=0.9");
    }
}
