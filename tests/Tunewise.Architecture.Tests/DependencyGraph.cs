using ArchUnitNET.Domain;

namespace Tunewise.Architecture.Tests;

/// <summary>
/// Type-level dependencies read by ArchUnitNET, with compiler-generated nested types (closures, async state machines)
/// folded into the type that declares them, so a lambda's dependency counts as its method's.
/// </summary>
internal sealed class DependencyGraph
{
    private readonly Dictionary<string, HashSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _namespaces = new(StringComparer.Ordinal);

    public DependencyGraph(IEnumerable<IType> types)
    {
        foreach (var type in types)
        {
            var from = Outer(type.FullName);
            _namespaces.TryAdd(from, type.Namespace.FullName);
            if (!_edges.TryGetValue(from, out var targets))
                _edges[from] = targets = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in type.Dependencies)
            {
                var to = Outer(dependency.Target.FullName);
                _namespaces.TryAdd(to, dependency.Target.Namespace.FullName);
                if (to != from)
                    targets.Add(to);
            }
        }
    }

    public static DependencyGraph Core { get; } = new(ProductArchitecture.CoreTypes);

    public IEnumerable<string> Types => _edges.Keys;

    public string NamespaceOf(string type) => _namespaces.GetValueOrDefault(type, "");

    public IEnumerable<string> DependenciesOf(string type) => _edges.TryGetValue(type, out var targets) ? targets : [];

    /// <summary>
    /// For each type in <paramref name="sources"/> that reaches a type matching <paramref name="forbidden"/>, one
    /// shortest path, written "A → B → C". Paths are not followed through <paramref name="opaque"/> types.
    /// </summary>
    public IReadOnlyList<string> Paths(Func<string, bool> sources, Func<string, bool> forbidden, Func<string, bool> opaque)
    {
        var found = new List<string>();
        foreach (var start in _edges.Keys.Where(sources).Order(StringComparer.Ordinal))
        {
            var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [start] = null };
            var queue = new Queue<string>([start]);
            while (queue.Count > 0)
            {
                var current = queue.Dequeue();
                if (current != start && forbidden(current))
                {
                    var path = new List<string>();
                    for (string? at = current; at is not null; at = previous[at])
                        path.Add(at);
                    path.Reverse();
                    found.Add(string.Join(" → ", path));
                    break;
                }
                if (current != start && opaque(current))
                    continue;
                foreach (var next in DependenciesOf(current))
                {
                    if (previous.TryAdd(next, current))
                        queue.Enqueue(next);
                }
            }
        }
        return found;
    }

    private static string Outer(string fullName)
    {
        var plus = fullName.IndexOf('+', StringComparison.Ordinal);
        var name = plus < 0 ? fullName : fullName[..plus];
        var generic = name.IndexOf('<', StringComparison.Ordinal);
        return generic < 0 ? name : name[..generic];
    }
}
