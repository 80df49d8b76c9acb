using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>Every metric a study may name, its options, and the defaults per task kind. All values lie in [0, 1].</summary>
public static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string MacroF1 = "macro_f1";
    public const string ExactMatch = "exact_match";
    public const string Contains = "contains";
    public const string Regex = "regex";
    public const string JsonValid = "json_valid";
    public const string JsonSchemaValid = "json_schema_valid";
    public const string FieldF1 = "field_f1";
    public const string TokenF1 = "token_f1";
    public const string RougeL = "rouge_l";
    public const string Numeric = "numeric";
    public const string Judge = "judge";

    /// <summary>The judge metric's option naming the study model that grades; the only name it has.</summary>
    public const string JudgeModelOption = "model";
    public const string JudgeRubricOption = "rubric";

    public static ImmutableArray<string> All { get; } =
        [Accuracy, MacroF1, ExactMatch, Contains, Regex, JsonValid, JsonSchemaValid, FieldF1, TokenF1, RougeL, Numeric, Judge];

    /// <summary>Options each metric accepts in its object form; <c>name</c> is implied.</summary>
    public static ImmutableDictionary<string, ImmutableArray<string>> Options { get; } = new Dictionary<string, ImmutableArray<string>>
    {
        [Accuracy] = ["case_sensitive"],
        [MacroF1] = ["case_sensitive"],
        [ExactMatch] = ["case_sensitive"],
        [Contains] = ["case_sensitive"],
        [Regex] = ["pattern"],
        [JsonValid] = [],
        [JsonSchemaValid] = ["schema"],
        [FieldF1] = [],
        [TokenF1] = [],
        [RougeL] = [],
        [Numeric] = ["tolerance"],
        [Judge] = [JudgeModelOption, JudgeRubricOption],
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string name) => Options.ContainsKey(name);

    /// <summary>The metrics a study gets when it lists none (docs/study-file.md, "metrics"); the runner and the study builder both read these.</summary>
    public static ImmutableArray<string> DefaultsFor(TaskKind kind) => kind switch
    {
        TaskKind.Classification => [Accuracy, MacroF1],
        TaskKind.Extraction => [FieldF1, ExactMatch],
        TaskKind.Generation => [RougeL],
        TaskKind.Qa => [TokenF1, ExactMatch],
        _ => [Accuracy],
    };
}
