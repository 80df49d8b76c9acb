using Tunewise.Evaluation.Scoring.Judging;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Maps metric names from a study's <c>metrics:</c> list to scorers. The built-in metrics are registered
/// by <see cref="CreateDefault"/>; a custom C# scorer joins with <see cref="Register"/> and is then named in
/// studies like any other. Names ignore case and treat '-' as '_'.
/// </summary>
public sealed class ScorerRegistry
{
    private readonly Dictionary<string, Func<ScorerOptions, IScorer>> _factories = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> BuiltInNames { get; } =
    [
        "accuracy", "macro_f1", "exact_match", "contains", "regex", "json_valid", "json_schema_valid",
        "field_f1", "token_f1", "rouge_l", "numeric", "judge",
    ];

    public IReadOnlyCollection<string> Names => _factories.Keys;

    public static ScorerRegistry CreateDefault()
    {
        var registry = new ScorerRegistry();
        registry.Register("accuracy", o => new AccuracyScorer(o.Labels));
        registry.Register("macro_f1", o => new MacroF1Scorer(o.Labels));
        registry.Register("exact_match", o => new ExactMatchScorer(o.Normalization));
        registry.Register("contains", o => new ContainsScorer(o.Normalization));
        registry.Register("regex", o => new RegexScorer(o.Pattern ?? ""));
        registry.Register("json_valid", _ => new JsonValidScorer());
        registry.Register("json_schema_valid", o => new JsonSchemaValidScorer(o.JsonSchema ?? ""));
        registry.Register("field_f1", _ => new FieldF1Scorer());
        registry.Register("token_f1", _ => new TokenF1Scorer());
        registry.Register("rouge_l", _ => new RougeLScorer());
        registry.Register("numeric", o => new NumericScorer(o.AbsoluteTolerance, o.RelativeTolerance));
        registry.Register("judge", o => new JudgeScorer(
            o.JudgeClient ?? throw new UserInputException("The judge metric needs a judge model (metric option 'judge_model')."),
            o.Rubric ?? "",
            o.JudgeScale));
        return registry;
    }

    /// <summary>The metrics a task kind gets when its study lists none.</summary>
    public static IReadOnlyList<string> DefaultMetrics(string taskKind) => Key(taskKind) switch
    {
        "classification" => ["accuracy", "macro_f1"],
        "extraction" => ["json_valid", "field_f1"],
        "generation" or "qa" => ["token_f1", "rouge_l", "exact_match"],
        _ => throw new UserInputException($"Unknown task kind '{taskKind}'. Expected one of: classification, extraction, generation, qa."),
    };

    /// <summary>Adds a metric, or replaces the one registered under the same name.</summary>
    public ScorerRegistry Register(string name, Func<ScorerOptions, IScorer> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        _factories[Key(name)] = factory;
        return this;
    }

    public bool Contains(string name) => _factories.ContainsKey(Key(name));

    public IScorer Create(string name, ScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_factories.TryGetValue(Key(name), out var factory))
            throw new UserInputException($"Unknown metric '{name}'. Known metrics: {string.Join(", ", _factories.Keys.Order(StringComparer.Ordinal))}.");
        return factory(options ?? ScorerOptions.Default);
    }

    public IReadOnlyList<IScorer> Create(IEnumerable<string> names, ScorerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Select(name => Create(name, options)).ToArray();
    }

    private static string Key(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');
}
