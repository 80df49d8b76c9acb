using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>An arm's JSON schema for constrained output: given inline, or read from a file beside the study.</summary>
internal static class ResponseSchemas
{
    public static string? Of(Study study, ArmSpec arm)
    {
        if (arm.Prompt.Schema is { } inline)
            return inline;
        if (arm.Prompt.SchemaFile is { } file)
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(study.BaseDirectory, file);
            return File.ReadAllText(path);
        }
        return null;
    }
}
