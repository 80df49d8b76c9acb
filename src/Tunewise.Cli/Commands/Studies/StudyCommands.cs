using Spectre.Console.Cli;

namespace Tunewise.Cli.Commands.Studies;

/// <summary>Registers the commands that create and check study files.</summary>
public static class StudyCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<InitCommand>("init")
            .WithDescription("Write a commented starter study (and a tiny sample data file) to edit.")
            .WithExample("init")
            .WithExample("init", "studies/intents.yaml")
            .WithExample("init", "studies/", "--force");

        config.AddBranch("study", study =>
        {
            study.SetDescription("Work with study files.");
            study.AddCommand<StudyCheckCommand>("check")
                .WithDescription("Check a study in milliseconds: print every error with its line and column, or a summary of its models and arms.")
                .WithExample("study", "check", "study.yaml")
                .WithExample("study", "check", "examples/clinc150")
                .WithExample("study", "check", "study.yaml", "--json");
            study.AddCommand<StudySchemaCommand>("schema")
                .WithDescription("Print the JSON Schema of study files, for editor completion and checks.")
                .WithExample("study", "schema")
                .WithExample("study", "schema", "--out", "study.schema.json");
        });
    }
}
