namespace Tunewise.Testing;

/// <summary>The repository's root folder (the one with Tunewise.sln), found from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Tunewise.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Tunewise.sln not found above " + AppContext.BaseDirectory);
    }
}
