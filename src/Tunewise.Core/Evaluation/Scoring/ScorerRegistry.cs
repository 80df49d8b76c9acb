using Tunewise.Evaluation.Scoring.Judging;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// Maps metric names from a study's <c>metrics:</c> list to scorers. The built-in metrics are registered
/// by <see cref="CreateDefault"/> under the names of <see cref="MetricNames"/>, which also holds the defaults per
/// task kind; a custom C# scorer joins with <see cref="Register"/> and is then named in
/// studies like any other. Names ignore case and treat '-' as '_'.
/// </summary>
public sealed class ScorerRegistry
{
    private readonly Dictionary<string, Func<ScorerOptions, IScorer>> _factories = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _factories.Keys;

    public static ScorerRegistry CreateDefault()
    {
        var registry = new ScorerRegistry();
        registry.Register(MetricNames.Accuracy, o => new AccuracyScorer(o.Labels));
        registry.Register(MetricNames.MacroF1, o => new MacroF1Scorer(o.Labels));
        registry.Register(MetricNames.ExactMatch, o => new ExactMatchScorer(o.Normalization));
        registry.Register(MetricNames.Contains, o => new ContainsScorer(o.Normalization));
        registry.Register(MetricNames.Regex, o => new RegexScorer(o.Pattern ?? ""));
        registry.Register(MetricNames.JsonValid, _ => new JsonValidScorer());
        registry.Register(MetricNames.JsonSchemaValid, o => new JsonSchemaValidScorer(o.JsonSchema ?? ""));
        registry.Register(MetricNames.FieldF1, _ => new FieldF1Scorer());
        registry.Register(MetricNames.TokenF1, _ => new TokenF1Scorer());
        registry.Register(MetricNames.RougeL, _ => new RougeLScorer());
        registry.Register(MetricNames.Numeric, o => new NumericScorer(o.AbsoluteTolerance, o.RelativeTolerance));
        registry.Register(MetricNames.Judge, o => new JudgeScorer(
            o.JudgeClient ?? throw new UserInputException($"The judge metric needs a judge model (metric option '{MetricNames.JudgeModelOption}')."),
            o.Rubric ?? "",
            o.JudgeScale));
        return registry;
    }

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
