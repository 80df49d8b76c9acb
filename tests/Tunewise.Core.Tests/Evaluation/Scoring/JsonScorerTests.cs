using Tunewise.Evaluation.Scoring;

namespace Tunewise.Core.Tests.Evaluation.Scoring;

public class JsonScorerTests
{
    private const string PersonSchema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["name", "age"],
          "properties": {
            "name": { "type": "string" },
            "age": { "type": "integer", "minimum": 0 }
          }
        }
        """;

    [Fact]
    public void Fenced_json_is_valid_and_the_fence_is_recorded()
    {
        var scorer = new JsonValidScorer();

        var fenced = scorer.Score(new ScoreRequest("```json\n{\"name\": \"Ann\"}\n```", null));
        var bare = scorer.Score(new ScoreRequest("{\"name\": \"Ann\"}", null));
        var prose = scorer.Score(new ScoreRequest("Here you go:\n```json\n[1, 2]\n```\nAnything else?", null));

        Assert.Equal(1, fenced.Value);
        Assert.Equal(true, fenced.Details!["fenced"]);
        Assert.Equal(1, bare.Value);
        Assert.Equal(false, bare.Details!["fenced"]);
        Assert.Equal(1, prose.Value);
        Assert.Equal(true, prose.Details!["fenced"]);
    }

    [Theory]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{'a': 1}")]
    [InlineData("Sure! {\"a\": 1}")]
    [InlineData("")]
    public void Invalid_json_scores_zero_with_the_parser_message(string output)
    {
        var result = new JsonValidScorer().Score(new ScoreRequest(output, null));
        Assert.Equal(0, result.Value);
        Assert.StartsWith("not valid JSON", result.Reason);
    }

    [Fact]
    public void Schema_violations_are_named_in_the_reason()
    {
        var scorer = new JsonSchemaValidScorer(PersonSchema);

        var valid = scorer.Score(new ScoreRequest("```json\n{\"name\": \"Ann\", \"age\": 34}\n```", null));
        var invalid = scorer.Score(new ScoreRequest("{\"name\": \"Ann\", \"age\": -3}", null));
        var missing = scorer.Score(new ScoreRequest("{\"name\": 5}", null));

        Assert.Equal(1, valid.Value);
        Assert.Equal(0, invalid.Value);
        Assert.Contains("/age", invalid.Reason);
        Assert.Equal(0, missing.Value);
        Assert.Contains("age", missing.Reason);
        Assert.Contains("/name", missing.Reason);
    }

    [Fact]
    public void Broken_schema_is_a_user_error()
    {
        Assert.Throws<UserInputException>(() => new JsonSchemaValidScorer("{ not json"));
        Assert.Throws<UserInputException>(() => new JsonSchemaValidScorer(""));
    }

    [Fact]
    public void Field_f1_matches_a_hand_computed_extraction()
    {
        // Gold leaves: name, age, tags[]=a, tags[]=b (4). Predicted: name ✓ (case/space), age ✓ ("34" = 34),
        // tags[]=b ✓, tags[]=c ✗, extra ✗ → TP 3, FP 2, FN 1: P = 3/5, R = 3/4, F1 = 6/9.
        const string gold = """{"name": "Ann Lee", "age": 34, "tags": ["a", "b"], "note": null}""";
        const string predicted = """{"name": "ann  lee", "age": "34", "tags": ["b", "c"], "extra": 1}""";

        var result = new FieldF1Scorer().Score(new ScoreRequest(predicted, gold));

        Assert.Equal(6.0 / 9, result.Value, 12);
        Assert.Equal(0.6, (double)result.Details!["precision"], 12);
        Assert.Equal(0.75, (double)result.Details!["recall"], 12);
        Assert.Equal(false, result.Passed);
        Assert.Contains("3 fields match, 2 wrong or extra, 1 missing", result.Reason);
    }

    [Fact]
    public void Field_f1_over_a_set_is_micro_averaged()
    {
        var cases = new[]
        {
            new ScoreRequest("""{"name": "ann  lee", "age": "34", "tags": ["b", "c"], "extra": 1}""", """{"name": "Ann Lee", "age": 34, "tags": ["a", "b"]}"""),
            new ScoreRequest("""{"city": "Oslo", "zip": 150}""", """{"zip": 150.0, "city": "oslo"}"""),
            new ScoreRequest("not json at all", """{"city": "Rome"}"""),
        };
        var scorer = new FieldF1Scorer();

        var perExample = cases.Select(scorer.Score).ToArray();
        var prepared = scorer.Aggregate!.Prepare(cases);

        Assert.Equal(1, perExample[1].Value);
        Assert.Equal(0, perExample[2].Value);
        Assert.Contains("not valid JSON", perExample[2].Reason);
        // TP 3+2+0 = 5, FP 2, FN 1+0+1 = 2 → 10 / 14
        Assert.Equal(10.0 / 14, prepared.ComputeAll(), 12);
        Assert.Equal(5.0 / 7, (double)prepared.Describe()["precision"], 12);
    }

    [Fact]
    public void Field_f1_with_a_non_json_gold_value_is_unscorable_not_zero()
    {
        var result = new FieldF1Scorer().Score(new ScoreRequest("{}", "name: Ann"));
        Assert.True(result.IsError);
        Assert.Contains("expected value is not valid JSON", result.Error);
    }
}
