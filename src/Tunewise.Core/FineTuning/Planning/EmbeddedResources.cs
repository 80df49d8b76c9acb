namespace Tunewise.FineTuning.Planning;

/// <summary>Opens the planner's data files shipped inside the assembly.</summary>
internal static class EmbeddedResources
{
    public static Stream Open(string fileName)
    {
        var assembly = typeof(EmbeddedResources).Assembly;
        var name = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Embedded resource '{fileName}' is missing from {assembly.GetName().Name}.");
        return assembly.GetManifestResourceStream(name)!;
    }
}
