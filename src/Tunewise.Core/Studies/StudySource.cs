using System.Collections.Immutable;

namespace Tunewise.Studies;

/// <summary>
/// Where each part of a study came from, keyed by its path in the study (<c>task.split.dev</c>,
/// <c>arms[2].prompt.few_shot</c>, <c>models.big</c>). Lets any later stage point the user at the
/// exact line and column. A study built in code has no file and every location is unknown.
/// </summary>
public sealed class StudySource
{
    private readonly ImmutableDictionary<string, (StudyLocation Key, StudyLocation Value)> _locations;

    public StudySource(string? file, ImmutableDictionary<string, (StudyLocation Key, StudyLocation Value)> locations)
    {
        File = file;
        _locations = locations;
    }

    public static StudySource None { get; } = new(null, ImmutableDictionary<string, (StudyLocation, StudyLocation)>.Empty);

    /// <summary>The study file as the user named it, or null for a study built in code.</summary>
    public string? File { get; }

    /// <summary>Where the value at <paramref name="path"/> starts; falls back to the nearest ancestor, then the file.</summary>
    public StudyLocation Locate(string path) => Find(path, key: false);

    /// <summary>Where the key of <paramref name="path"/> is written (for "missing" errors, the key of the parent).</summary>
    public StudyLocation LocateKey(string path) => Find(path, key: true);

    public bool Contains(string path) => _locations.ContainsKey(path);

    private StudyLocation Find(string path, bool key)
    {
        for (var current = path; current.Length > 0; current = Parent(current))
        {
            if (_locations.TryGetValue(current, out var found))
            {
                return key ? found.Key : found.Value;
            }
        }
        return new StudyLocation(File, File is null ? 0 : 1, File is null ? 0 : 1);
    }

    /// <summary>The parent of a study path: <c>arms[2].prompt</c> → <c>arms[2]</c> → <c>arms</c> → "".</summary>
    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
