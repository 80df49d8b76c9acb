using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>
/// A metric to compute on every arm: a name from <see cref="MetricNames"/> and its options
/// (for example <c>pattern</c> for <c>regex</c>, <c>model</c> and <c>rubric</c> for <c>judge</c>).
/// </summary>
public sealed record MetricSpec(string Name, ImmutableDictionary<string, string> Options)
{
    public MetricSpec(string name) : this(name, ImmutableDictionary<string, string>.Empty) { }

    public string? Option(string key) => Options.TryGetValue(key, out var value) ? value : null;

    public override string ToString() => Name;
}
