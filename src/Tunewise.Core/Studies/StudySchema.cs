namespace Tunewise.Studies;

/// <summary>The JSON Schema (draft 2020-12) of study files, for editors and other tools.</summary>
public static class StudySchema
{
    private static readonly Lazy<string> Resource = new(() =>
    {
        using var stream = typeof(StudySchema).Assembly.GetManifestResourceStream("Tunewise.Studies.study.schema.json")
            ?? throw new InvalidOperationException("The study schema is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The schema as JSON text.</summary>
    public static string Json => Resource.Value;
}
