namespace Tunewise.Studies.Validation;

/// <summary>Builds located findings from study paths.</summary>
internal static class Issue
{
    public static ValidationError Error(Study study, string path, string message) =>
        ValidationError.At(study.Source.Locate(path), message, ValidationSeverity.Error, path);

    /// <summary>An error about a key itself (an unknown option), located at the key rather than its value.</summary>
    public static ValidationError ErrorAtKey(Study study, string path, string message) =>
        ValidationError.At(study.Source.LocateKey(path), message, ValidationSeverity.Error, path);

    /// <summary>An error about something missing under <paramref name="parentPath"/>: points at the parent's key.</summary>
    public static ValidationError Missing(Study study, string parentPath, string childPath, string message, bool atParentKey = true) =>
        ValidationError.At(parentPath.Length == 0 || !atParentKey ? study.Source.Locate(parentPath) : study.Source.LocateKey(parentPath), message, ValidationSeverity.Error, childPath)
            with { IsMissing = true };

    public static ValidationError Warning(Study study, string path, string message) =>
        ValidationError.At(study.Source.Locate(path), message, ValidationSeverity.Warning, path);

    public static string Arm(Study study, int index) =>
        string.IsNullOrWhiteSpace(study.Arms[index].Name) ? $"arm #{index + 1}" : $"arm '{study.Arms[index].Name}'";

    public static string Number(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
