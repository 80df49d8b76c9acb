namespace Tunewise.FineTuning.Export;

/// <summary>The directory a pack is written to, and the files written so far (relative paths).</summary>
internal sealed class PackDirectory(string root)
{
    private readonly List<string> _files = [];

    public string Root { get; } = root;

    public IReadOnlyList<string> Files => _files;

    /// <summary>Records a file name and returns its full path.</summary>
    public string Add(string relativePath)
    {
        _files.Add(relativePath);
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
