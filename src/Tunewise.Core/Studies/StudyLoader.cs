using System.Collections.Immutable;
using Tunewise.Studies.Validation;
using Tunewise.Studies.Yaml;

namespace Tunewise.Studies;

/// <summary>
/// Reads a study file, checks it, and reports every problem at once with its line and column.
/// Runs in milliseconds: it reads only the study file (and checks that the files it names exist).
/// </summary>
public static class StudyLoader
{
    public const string DefaultFileName = "study.yaml";

    /// <summary>Loads a valid study or throws <see cref="StudyValidationException"/> listing every error.</summary>
    public static Study Load(string path, StudyValidationContext? context = null) => Check(path, context).GetStudyOrThrow();

    /// <summary>Checks a study file and returns every finding, and the study when it has no errors.</summary>
    public static StudyCheckResult Check(string path, StudyValidationContext? context = null)
    {
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, DefaultFileName);
        }
        if (!File.Exists(path))
        {
            return new StudyCheckResult(null, [new ValidationError(path, 0, 0, "study file not found")]);
        }
        var text = File.ReadAllText(path);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, path, baseDirectory, context);
    }

    /// <summary>
    /// Checks study YAML held in memory. <paramref name="file"/> names it in messages;
    /// relative paths resolve against <paramref name="baseDirectory"/>.
    /// </summary>
    public static StudyCheckResult Parse(string yaml, string file, string baseDirectory, StudyValidationContext? context = null)
    {
        var reader = new YamlStudyReader(file, baseDirectory);
        var builder = reader.Read(yaml);
        if (builder is null)
        {
            return new StudyCheckResult(null, [.. reader.Errors]);
        }

        var study = builder.Freeze(reader.Source);
        var shapeErrors = reader.Errors;
        // A value the reader already rejected stays at its default; checking that default again
        // would only repeat the same complaint in other words.
        var rejected = shapeErrors.Where(e => e.Path is not null).Select(e => e.Path!).ToHashSet(StringComparer.Ordinal);
        var meaningErrors = StudyValidators.Default.Validate(study, context ?? StudyValidationContext.Empty)
            .Where(e => e.Path is null || !(IsUnder(e.Path, rejected) || (e.IsMissing && rejected.Any(r => IsWithin(r, e.Path)))));

        var findings = shapeErrors.Concat(meaningErrors)
            .OrderBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ToImmutableArray();
        return new StudyCheckResult(findings.Any(f => f.IsError) ? null : study, findings);
    }

    private static bool IsWithin(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.Ordinal) && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');

    private static bool IsUnder(string path, HashSet<string> rejected)
    {
        for (var current = path; current.Length > 0; current = StudySource.Parent(current))
        {
            if (rejected.Contains(current))
            {
                return true;
            }
        }
        return false;
    }
}
