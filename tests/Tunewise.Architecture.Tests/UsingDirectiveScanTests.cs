using System.Text.RegularExpressions;

namespace Tunewise.Architecture.Tests;

/// <summary>
/// A second guard, read from the source rather than the IL: every <c>using Tunewise.X</c> in src/Tunewise.Core,
/// against the stage of the file's own namespace. It also catches an edge the compiled code no longer needs.
/// </summary>
public partial class UsingDirectiveScanTests
{
    [Fact]
    public void No_using_directive_points_against_the_flow()
    {
        var backEdges = Scan().Select(e => e.ToString()).ToList();
        Assert.True(backEdges.Count == 0, "using directives against the flow:\n" + string.Join("\n", backEdges));
    }

    [Fact]
    public void The_scan_reads_the_sources_and_finds_a_known_back_edge()
    {
        Assert.True(Directory.GetFiles(CoreSource, "*.cs", SearchOption.AllDirectories).Length > 100);
        var root = Path.Combine(Path.GetTempPath(), "tunewise-scan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "Studies"));
        try
        {
            File.WriteAllText(Path.Combine(root, "Studies", "Bad.cs"), "using Tunewise.Decision;\nusing Tunewise.Data;\n\nnamespace Tunewise.Studies;\n");
            var edge = Assert.Single(Scan(root));
            Assert.Equal(("Studies/Bad.cs", "Tunewise.Decision"), (edge.File, edge.Used));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record BackEdge(string File, string Namespace, Stage From, string Used, Stage To)
    {
        public override string ToString() => $"{File}: {Namespace} ({From}) uses {Used} ({To})";
    }

    private static string CoreSource { get; } = Path.Combine(RepositoryRoot(), "src", "Tunewise.Core");

    private static IEnumerable<BackEdge> Scan(string? root = null)
    {
        root ??= CoreSource;
        foreach (var path in Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            if (relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal))
                continue;
            var text = File.ReadAllText(path);
            var ns = NamespaceLine().Match(text) is { Success: true } m ? m.Groups[1].Value : "Tunewise";
            if (Stages.Of(ns) is not { } from)
                continue;
            foreach (Match use in UsingLine().Matches(text))
            {
                var used = use.Groups[1].Value;
                if (Stages.Of(used) is { } to && to > from)
                    yield return new BackEdge(relative, ns, from, used, to);
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tunewise.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Tunewise.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using\s+(?:static\s+)?(Tunewise(?:\.\w+)*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();
}
