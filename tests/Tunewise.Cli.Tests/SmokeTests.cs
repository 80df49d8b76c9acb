namespace Tunewise.Cli.Tests;

public class SmokeTests
{
    /// <summary>
    /// Walks the command tree from the root help (every branch and command it lists) and renders each one's help:
    /// descriptions are Spectre markup, so a stray bracket would otherwise only show up when a user asks for help.
    /// </summary>
    [Fact]
    public void Every_command_renders_its_help()
    {
        var visited = new List<string>();
        void Visit(string[] path)
        {
            var (exitCode, output) = CliRun.Run([.. path, "--help"]);
            var name = path.Length == 0 ? "(root)" : string.Join(' ', path);
            Assert.True(exitCode == 0 && !output.Contains("internal error", StringComparison.Ordinal) && !output.TrimStart().StartsWith("error:", StringComparison.Ordinal) && output.Contains("USAGE:", StringComparison.Ordinal), $"tunewise {name} --help: exit {exitCode}\n{output}");
            visited.Add(name);
            foreach (var child in Commands(output))
                Visit([.. path, child]);
        }

        Visit([]);

        Assert.Contains("lab train", visited);
        Assert.Contains("data check", visited);
        Assert.True(visited.Count > 20, string.Join(", ", visited));
    }

    /// <summary>An internal error names what caused it, not only the wrapper: a type initializer's failure says nothing itself.</summary>
    [Fact]
    public void An_internal_error_shows_each_inner_cause_and_the_trace()
    {
        Exception thrown;
        try
        {
            throw new TypeInitializationException("Some.Type", new InvalidOperationException("outer cause", new FileNotFoundException("Could not load file or assembly 'X'")));
        }
        catch (Exception ex)
        {
            thrown = ex;
        }

        var details = Program.InternalErrorDetails(thrown).ToList();

        Assert.Equal("  caused by InvalidOperationException: outer cause", details[0]);
        Assert.Equal("  caused by FileNotFoundException: Could not load file or assembly 'X'", details[1]);
        Assert.Contains(nameof(An_internal_error_shows_each_inner_cause_and_the_trace), details[2], StringComparison.Ordinal);
        Assert.Equal(3, details.Count);
    }

    private static IEnumerable<string> Commands(string help)
    {
        var lines = help.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "COMMANDS:");
        if (start < 0)
            yield break;
        foreach (var line in lines.Skip(start + 1))
        {
            if (line.Trim().Length == 0 || !line.StartsWith("    ", StringComparison.Ordinal))
                yield break;
            if (line.Length > 4 && line[4] != ' ')
                yield return line.Trim().Split(' ')[0];
        }
    }
}
