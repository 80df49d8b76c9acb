using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Studies;

/// <summary>
/// Property-based: a valid starter study (from <c>tunewise init</c>) and its data, mutated the ways files break in
/// practice, never crash <c>study check</c> or <c>data check</c>. Each ends in exit 0 or in exit 1 with a message that names
/// the file and a line (or, where a fault has no line, the key or row). Seeds are fixed, so every run checks the same
/// mutants and a failure prints the one that broke.
/// </summary>
public partial class BadInputPropertyTests
{
    /// <summary>One mutation: its kind and three positions, each read modulo the text's size.</summary>
    private sealed record Mutation(int Kind, int A, int B, int C)
    {
        public override string ToString() => $"{Kinds[Kind % Kinds.Length]}({A}, {B}, {C})";
    }

    private static readonly string[] Kinds =
        ["delete-line", "duplicate-line", "swap-lines", "truncate", "binary-bytes", "bom", "crlf", "wrong-type", "huge-number", "deep-nesting",
         "anchor-alias", "duplicate-key", "alias-bomb", "tab-indent"];

    private static readonly string[] WrongValues = ["[1, 2]", "{ x: 1 }", "true", "\"\"", "-1", "null", "0.5", "text with spaces", "[]", "{}", "- a"];

    private static readonly Gen<Mutation[]> Mutations =
        Gen.Select(Gen.Int[0, Kinds.Length - 1], Gen.Int[0, 10_000], Gen.Int[0, 10_000], Gen.Int[0, 10_000], (k, a, b, c) => new Mutation(k, a, b, c))
            .Array[1, 3];

    [Fact]
    public void Mutated_starter_studies_are_checked_or_refused_with_their_line()
    {
        using var dir = new TempDirectory();
        Assert.Equal(ExitCodes.Ok, CliRun.Run("init", dir.File("study.yaml")).ExitCode);
        File.WriteAllText(dir.File("data/examples.csv"), Csv(40));
        var original = File.ReadAllText(dir.File("study.yaml"));
        var path = dir.File("mutant.yaml");

        Mutations.Sample(mutations =>
        {
            File.WriteAllText(path, Apply(original, mutations));
            var (exit, output) = CliRun.Run("study", "check", path);
            Assert.True(exit is ExitCodes.Ok or ExitCodes.InvalidInput, $"exit {exit}: {output}");
            if (exit == ExitCodes.InvalidInput)
                Assert.True(LocatedError().IsMatch(output) || output.Contains("key", StringComparison.Ordinal), output);
        }, seed: "0N0E7Zx3b0r1", iter: 150, threads: 1, print: m => string.Join(" + ", m.Select(x => x.ToString())));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("jsonl")]
    [InlineData("chat.jsonl")]
    public void Mutated_data_files_are_checked_or_refused_with_their_line(string format)
    {
        using var dir = new TempDirectory();
        var original = format switch
        {
            "csv" => Csv(25),
            "jsonl" => string.Concat(Enumerable.Range(0, 25).Select(i => $$"""{"id": "e{{i}}", "text": "message {{i}} about billing", "label": "label-{{i % 3}}"}""" + "\n")),
            _ => string.Concat(Enumerable.Range(0, 25).Select(i =>
                $$"""{"messages": [{"role": "system", "content": "Label it."}, {"role": "user", "content": "message {{i}}"}, {"role": "assistant", "content": "label-{{i % 3}}"}]}""" + "\n")),
        };
        var path = dir.File("mutant." + (format == "chat.jsonl" ? "jsonl" : format));

        Mutations.Sample(mutations =>
        {
            File.WriteAllText(path, Apply(original, mutations));
            var (exit, output) = CliRun.Run("data", "check", path);
            Assert.True(exit is ExitCodes.Ok or ExitCodes.InvalidInput, $"exit {exit}: {output}");
            if (exit == ExitCodes.InvalidInput)
                Assert.True(LocatedError().IsMatch(output) || output.Contains("row", StringComparison.OrdinalIgnoreCase), output);
        }, seed: "0Ah3x8Kq2c9L", iter: 60, threads: 1, print: m => string.Join(" + ", m.Select(x => x.ToString())));
    }

    /// <summary>The file's name then a line number: "mutant.yaml:12", "mutant.csv line 3" or "mutant.jsonl, line 3".</summary>
    [GeneratedRegex(@"mutant\.[a-z]+(:\d+|,? line \d+|,? row \d+)")]
    private static partial Regex LocatedError();

    private static string Csv(int rows) =>
        "id,text,label\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"e{i},message {i} about billing,label-{i % 3}\n"));

    private static string Apply(string text, IEnumerable<Mutation> mutations)
    {
        foreach (var m in mutations)
            text = Apply(text, m);
        return text;
    }

    private static string Apply(string text, Mutation m)
    {
        var lines = text.Split('\n').ToList();
        int Line(int x) => x % Math.Max(1, lines.Count);
        string Join() => string.Join('\n', lines);
        switch (Kinds[m.Kind % Kinds.Length])
        {
            case "delete-line":
                if (lines.Count > 0) lines.RemoveAt(Line(m.A));
                return Join();
            case "duplicate-line":
                lines.Insert(Line(m.A), lines[Line(m.A)]);
                return Join();
            case "swap-lines":
                (lines[Line(m.A)], lines[Line(m.B)]) = (lines[Line(m.B)], lines[Line(m.A)]);
                return Join();
            case "truncate":
                return text[..(m.C % Math.Max(1, text.Length))];
            case "binary-bytes":
                return text.Insert(m.C % Math.Max(1, text.Length), "\0\u0001\u001b\uFFFE\u00ff\ud800".Substring(m.A % 3, 1 + m.B % 3));
            case "bom":
                return "\uFEFF" + text;
            case "crlf":
                return text.Replace("\n", "\r\n", StringComparison.Ordinal);
            case "wrong-type":
            {
                var i = Line(m.A);
                var colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
                var value = WrongValues[m.B % WrongValues.Length];
                lines[i] = colon >= 0 ? lines[i][..(colon + 2)] + value : lines[i] + value;
                return Join();
            }
            case "huge-number":
            {
                var i = Line(m.A);
                var huge = (m.B % 3) switch { 0 => "1e400", 1 => "99999999999999999999999999", _ => "-9223372036854775809" };
                lines[i] = Regex.Replace(lines[i], @"\d+(\.\d+)?", huge, RegexOptions.None, TimeSpan.FromSeconds(1));
                return Join();
            }
            case "deep-nesting":
            {
                var depth = 50 + m.B % 1000;
                lines.Insert(Line(m.A), "deep: " + new string('[', depth) + new string(']', depth));
                return Join();
            }
            case "anchor-alias":
            {
                var (i, j) = (Line(m.A), Line(m.B));
                var colon = lines[i].IndexOf(": ", StringComparison.Ordinal);
                if (colon >= 0) lines[i] = lines[i][..(colon + 2)] + "&x " + lines[i][(colon + 2)..];
                var other = lines[j].IndexOf(": ", StringComparison.Ordinal);
                if (other >= 0) lines[j] = lines[j][..(other + 2)] + (m.C % 2 == 0 ? "*x" : "*missing");
                return Join();
            }
            case "duplicate-key":
            {
                var i = Line(m.A);
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                lines.Insert(i + 1, colon >= 0 ? lines[i][..(colon + 1)] + " duplicate" : lines[i]);
                return Join();
            }
            case "alias-bomb":
            {
                var bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for (var k = 1; k < 9; k++)
                    bomb.Append($"a{k}: &a{k} [{string.Join(", ", Enumerable.Repeat($"*a{k - 1}", 9))}]\n");
                return bomb + text;
            }
            default: // tab-indent
            {
                var i = Line(m.A);
                lines[i] = "\t" + lines[i].TrimStart(' ');
                return Join();
            }
        }
    }
}
