using Tunewise.Evaluation.Errors;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Evaluation.Errors;

public class ErrorClassifierTests
{
    private static readonly string[] Labels = ["billing", "refund", "shipping"];

    [Theory]
    [InlineData("The code is 42", ErrorClass.FormatViolation)]
    [InlineData("{\"code\": 4", ErrorClass.FormatViolation)]
    [InlineData("{\"value\": \"42\"}", ErrorClass.WrongShape)]
    [InlineData("{\"code\": \"42\", \"extra\": 1}", ErrorClass.WrongShape)]
    [InlineData("{\"code\": \"41\"}", ErrorClass.ContentError)]
    [InlineData("```json\n{\"code\": \"41\"}\n```", ErrorClass.ContentError)]
    public void Json_answers_are_told_apart_by_parse_shape_and_content(string answer, ErrorClass expected) =>
        Assert.Equal(expected, ErrorClassifier.Classify(answer, "{\"code\": \"42\"}", TaskKind.Extraction, ResponseFormat.Text, [], "field_f1"));

    [Fact]
    public void Requested_json_format_makes_prose_a_format_violation_even_without_json_gold() =>
        Assert.Equal(ErrorClass.FormatViolation, ErrorClassifier.Classify("forty-two", "42", TaskKind.Generation, ResponseFormat.Json, [], "exact_match"));

    [Theory]
    [InlineData("returns", ErrorClass.LabelOutsideSet)]
    [InlineData("Refund", ErrorClass.ContentError)]
    [InlineData("shipping", ErrorClass.ContentError)]
    public void Classification_answers_outside_the_label_set_are_behaviour_failures(string answer, ErrorClass expected) =>
        Assert.Equal(expected, ErrorClassifier.Classify(answer, "billing", TaskKind.Classification, ResponseFormat.Text, Labels, "accuracy"));

    [Fact]
    public void Judge_scored_metrics_are_rubric_or_style_failures() =>
        Assert.Equal(ErrorClass.RubricOrStyle, ErrorClassifier.Classify("a fine answer", null, TaskKind.Generation, ResponseFormat.Text, [], "judge"));

    [Fact]
    public void Plain_wrong_answers_are_content_errors() =>
        Assert.Equal(ErrorClass.ContentError, ErrorClassifier.Classify("Paris", "Rome", TaskKind.Qa, ResponseFormat.Text, [], "exact_match"));

    [Fact]
    public void Counts_add_up_by_class()
    {
        var counts = ErrorClassifier.Count([ErrorClass.FormatViolation, ErrorClass.FormatViolation, ErrorClass.ContentError, ErrorClass.LabelOutsideSet]);
        Assert.Equal(2, counts.FormatViolation);
        Assert.Equal(1, counts.LabelOutsideSet);
        Assert.Equal(1, counts.ContentError);
        Assert.Equal(0.75, counts.BehaviourShare);
    }
}
