using System.Text.Json;
using Json.Schema;
using Tunewise.Studies;
using Tunewise.Studies.Yaml;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Studies;

public class StudySchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Repository.Path("schemas", "study.schema.json"));

    public static TheoryData<string> ExampleStudies()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Repository.Path("examples"), "study.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(System.IO.Path.GetRelativePath(Repository.Root, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleStudies))]
    public void Every_example_study_satisfies_the_schema_and_the_loader(string relativePath)
    {
        var path = Repository.Path(relativePath);

        var results = Evaluate(File.ReadAllText(path));

        Assert.True(results.IsValid, $"{relativePath}: {Describe(results)}");
        var check = StudyLoader.Check(path);
        Assert.True(check.IsValid, string.Join("\n", check.Findings));
    }

    [Fact]
    public void There_is_at_least_one_example_study() => Assert.NotEmpty(ExampleStudies());

    [Fact]
    public void Schema_rejects_an_unknown_top_level_key()
    {
        const string yaml = """
            name: x
            task: { kind: classification, test: data/test.csv, expected: label }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            """;
        Assert.True(Evaluate(yaml).IsValid);

        Assert.False(Evaluate(yaml + "\nmodles: { big: openai:gpt-4o }\n").IsValid);
    }

    [Theory]
    [InlineData("8192", "2000", true)]
    [InlineData("0", "2000", false)]
    [InlineData("-1", "2000", false)]
    [InlineData("8192", "0", true)]
    [InlineData("8192", "-3", false)]
    public void Schema_takes_a_positive_context_window_and_a_forecast_threshold_of_zero_or_more(string window, string forecast, bool valid)
    {
        var yaml = $$"""
            name: x
            task: { kind: classification, train: t.csv, test: t.csv, expected: label }
            models:
              local: { provider: openai-compatible, base_url: "http://127.0.0.1:8000/v1", model: house-7b, context_window: {{window}} }
            arms: [{ name: x, model: local, finetune: { method: full, max_steps: 10, max_minutes: 2, forecast_above: {{forecast}} } }]
            """;
        Assert.Equal(valid, Evaluate(yaml).IsValid);
    }

    [Fact]
    public void Schema_rejects_an_unknown_provider_and_a_misspelt_metric()
    {
        Assert.False(Evaluate("""
            name: x
            task: { kind: classification, test: t.csv, expected: label }
            models: { big: opneai:gpt-4o }
            arms: [{ name: x, model: big }]
            """).IsValid);
        Assert.False(Evaluate("""
            name: x
            task: { kind: classification, test: t.csv, expected: label }
            models: { big: openai:gpt-4o }
            arms: [{ name: x, model: big }]
            metrics: [acuracy]
            """).IsValid);
    }

    [Fact]
    public void Schema_lists_the_same_metrics_and_providers_as_the_loader()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.Path("schemas", "study.schema.json")));
        var defs = document.RootElement.GetProperty("$defs");

        var metrics = defs.GetProperty("metricName").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        var providers = defs.GetProperty("modelObject").GetProperty("properties").GetProperty("provider").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(MetricNames.All.Order(), metrics.Order());
        Assert.Equal(ModelProviders.All.Order(), providers.Order());
    }

    internal static EvaluationResults Evaluate(string yaml)
    {
        var json = YamlToJson.FromText(yaml)!.ToJsonString();
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Describe(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
