using System.Text.Json;
using Spectre.Console.Testing;
using Tunewise.Cli.Commands;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Studies;

public class StudyCommandTests
{
    private static (int ExitCode, string Output) Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public void Init_writes_a_study_that_passes_check()
    {
        using var dir = new TempDirectory();
        var study = dir.File("study.yaml");

        var init = Run("init", study);
        var check = Run("study", "check", study);

        Assert.Equal(ExitCodes.Ok, init.ExitCode);
        Assert.True(File.Exists(dir.File("data/examples.csv")));
        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Contains("ok", check.Output);
        Assert.Contains("my-task", check.Output);
        Assert.Contains("gpt-4o-mini", check.Output);
        Assert.Contains("few-shot-4", check.Output);
        Assert.DoesNotContain("warning", check.Output);
    }

    [Fact]
    public void Init_study_satisfies_the_published_schema()
    {
        using var dir = new TempDirectory();
        Run("init", dir.File("study.yaml"));

        var schema = Json.Schema.JsonSchema.FromText(Tunewise.Studies.StudySchema.Json);
        var json = Tunewise.Studies.Yaml.YamlToJson.FromText(File.ReadAllText(dir.File("study.yaml")))!.ToJsonString();
        using var document = JsonDocument.Parse(json);

        Assert.True(schema.Evaluate(document.RootElement).IsValid);
    }

    [Fact]
    public void Study_check_refuses_an_external_trainers_gpu_the_catalog_does_not_have_at_its_line()
    {
        using var dir = new TempDirectory();
        var study = dir.File("study.yaml");
        Run("init", study);
        var arm = "  - { name: ext, model: big, finetune: { backend: command, trainer: hf, command: \"true\", gpu: GPU, endpoint: { base_url: \"http://127.0.0.1:9/v1\", model: m } } }\n";
        var text = File.ReadAllText(study);
        var armsAt = text.IndexOf("arms:\n", StringComparison.Ordinal) + "arms:\n".Length;
        var line = text[..armsAt].Count(c => c == '\n') + 1;

        File.WriteAllText(study, text.Insert(armsAt, arm.Replace("GPU", "A100-80GB", StringComparison.Ordinal)));
        var known = Run("study", "check", study);
        File.WriteAllText(study, text.Insert(armsAt, arm.Replace("GPU", "B300", StringComparison.Ordinal)));
        var unknown = Run("study", "check", study);

        Assert.True(known.ExitCode == ExitCodes.Ok, known.Output);
        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.Contains($"study.yaml:{line}:", unknown.Output);
        Assert.Contains("finetune.gpu 'B300' is not in the GPU catalog; it has A10G, L4, A100-40GB, A100-80GB, H100-80GB, H200-141GB", unknown.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal));
    }

    /// <summary>The starter's commented rate-limit line, uncommented, is a valid study that the check summarizes and the schema accepts.</summary>
    [Fact]
    public void The_starters_limits_example_checks_and_is_summarized()
    {
        using var dir = new TempDirectory();
        var study = dir.File("study.yaml");
        Run("init", study);
        var text = File.ReadAllText(study).Replace("  big: openai:gpt-4o-mini\n", "", StringComparison.Ordinal).Replace("  # big: { provider", "  big: { provider", StringComparison.Ordinal);
        File.WriteAllText(study, text);

        var check = Run("study", "check", study);

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Contains("500 requests/min, 200,000 tokens/min", check.Output);
        var schema = Json.Schema.JsonSchema.FromText(Tunewise.Studies.StudySchema.Json);
        using var document = JsonDocument.Parse(Tunewise.Studies.Yaml.YamlToJson.FromText(text)!.ToJsonString());
        Assert.True(schema.Evaluate(document.RootElement).IsValid);
    }

    [Fact]
    public void Init_into_a_folder_writes_study_yaml_there()
    {
        using var dir = new TempDirectory();
        var folder = dir.File("studies") + Path.DirectorySeparatorChar;

        Assert.Equal(ExitCodes.Ok, Run("init", folder).ExitCode);

        Assert.True(File.Exists(dir.File("studies/study.yaml")));
        Assert.Equal(ExitCodes.Ok, Run("study", "check", dir.File("studies")).ExitCode);
    }

    [Fact]
    public void Init_refuses_to_overwrite_without_force_and_never_touches_existing_data()
    {
        using var dir = new TempDirectory();
        var study = dir.File("study.yaml");
        File.WriteAllText(study, "name: mine\n");
        Directory.CreateDirectory(dir.File("data"));
        File.WriteAllText(dir.File("data/examples.csv"), "id,text,label\n1,my own row,mine\n");

        var refused = Run("init", study);

        Assert.Equal(ExitCodes.InvalidInput, refused.ExitCode);
        Assert.Contains("already exists", refused.Output);
        Assert.Contains("--force", refused.Output);
        Assert.Equal("name: mine\n", File.ReadAllText(study));

        var forced = Run("init", study, "--force");

        Assert.Equal(ExitCodes.Ok, forced.ExitCode);
        Assert.Contains("name: my-task", File.ReadAllText(study));
        Assert.Equal("id,text,label\n1,my own row,mine\n", File.ReadAllText(dir.File("data/examples.csv")));
    }

    [Fact]
    public void Check_prints_every_error_with_its_location_and_exits_1()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("data"));
        File.WriteAllText(dir.File("data/test.csv"), "id,text,label\n1,hi,greet\n");
        var study = dir.File("study.yaml");
        File.WriteAllText(study, """
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            requirement: { metric: accuracy, target: 0.9 }
            models: { big: openai:gpt-4o }
            arms:
              - { name: a, model: bgi, temprature: 0.5 }
            """);

        var (exitCode, output) = Run("study", "check", study);

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains($"{study}:6:23: arm 'a' names undefined model 'bgi' (did you mean 'big'?)", output);
        Assert.Contains($"{study}:6:28: unknown key 'temprature' in arm 'a' (did you mean 'temperature'?)", output);
        Assert.Contains("2 errors", output);
    }

    [Fact]
    public void Check_json_lists_findings_with_locations()
    {
        using var dir = new TempDirectory();
        var study = dir.File("study.yaml");
        File.WriteAllText(study, "name: x\nbogus: 1\n");

        var (exitCode, output) = Run("study", "check", study, "--json");

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var bogus = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("message").GetString()!.Contains("bogus"));
        Assert.Equal((2, 1, "error"), (bogus.GetProperty("line").GetInt32(), bogus.GetProperty("column").GetInt32(), bogus.GetProperty("severity").GetString()));
    }

    [Fact]
    public void Check_of_a_missing_file_exits_1_and_says_how_to_start()
    {
        using var dir = new TempDirectory();

        var (exitCode, output) = Run("study", "check", dir.File("nope.yaml"));

        Assert.Equal(ExitCodes.InvalidInput, exitCode);
        Assert.Contains("study file not found", output);
        Assert.Contains("tunewise init", output);
    }

    [Fact]
    public void Check_of_the_clinc150_example_summarizes_models_and_arms()
    {
        var (exitCode, output) = Run("study", "check", RepositoryPath("examples", "clinc150"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("clinc150-intents", output);
        Assert.Contains("openai-compatible", output);
        Assert.Contains("http://127.0.0.1:8000/v1", output);
        Assert.Contains("few-shot-nearest", output);
        Assert.Contains("20-shot nearest", output);
    }

    [Fact]
    public void Schema_command_prints_the_checked_in_schema()
    {
        var (exitCode, output) = Run("study", "schema");

        Assert.Equal(ExitCodes.Ok, exitCode);
        using var printed = JsonDocument.Parse(output);
        Assert.Equal(File.ReadAllText(RepositoryPath("schemas", "study.schema.json")), output);
    }

    [Theory]
    [InlineData("init", "tunewise init studies/intents.yaml")]
    [InlineData("study check", "tunewise study check study.yaml")]
    [InlineData("study schema", "tunewise study schema --out study.schema.json")]
    public void Help_shows_examples(string command, string example)
    {
        var (exitCode, output) = Run([.. command.Split(' '), "--help"]);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("EXAMPLES:", output);
        Assert.Contains(example, output);
    }

    [Fact]
    public void Store_defaults_to_a_folder_beside_the_study()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("study.yaml"), "name: x\n");

        var settings = new StudyStoreSettings { Study = dir.Path };

        Assert.True(settings.Validate().Successful);
        Assert.Equal(dir.File("study.yaml"), settings.StudyFile);
        Assert.Equal(dir.File(".tunewise"), settings.StoreFolder);
        Assert.Equal(Path.GetFullPath(dir.File("elsewhere")), new StudyStoreSettings { Study = dir.Path, Store = dir.File("elsewhere") }.StoreFolder);
        Assert.False(new StudyStoreSettings { Study = dir.Path, Store = dir.File("study.yaml") }.Validate().Successful);
        Assert.False(new StudyStoreSettings { Study = dir.File("missing.yaml") }.Validate().Successful);
    }

    private static string RepositoryPath(params string[] parts) => Repository.Path(parts);
}
