using System.Text;
using System.Text.Json;
using Tunewise.Data;
using Tunewise.Data.Curation;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Data.Curation;

public class CurationTests
{
    private static readonly CurationOptions Options = new() { InputFields = ["text"], ExpectedField = "label" };

    /// <summary>Distinct ~100-character sentences of random letter words: unrelated inputs are far below any threshold.</summary>
    private static List<string> Sentences(int count, int seed)
    {
        var random = new Random(seed);
        var sentences = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var builder = new StringBuilder();
            while (builder.Length < 100)
            {
                var length = random.Next(3, 9);
                for (var c = 0; c < length; c++)
                {
                    builder.Append((char)('a' + random.Next(26)));
                }

                builder.Append(' ');
            }

            sentences.Add(builder.ToString().Trim());
        }

        return sentences;
    }

    private static List<Example> Examples(IEnumerable<(string Text, string Label)> rows, string file = "train.csv") =>
        rows.Select((row, i) => new Example($"{file}-{i}", new Dictionary<string, string> { ["text"] = row.Text, ["label"] = row.Label }, new SourceLocation(file, i + 2)))
            .ToList();

    private static string Typo(string text) => text[..50] + "7" + text[51..];

    [Fact]
    public void Seven_planted_exact_copies_are_seven_exact_duplicates()
    {
        var unique = Sentences(100, 1);
        var rows = unique.Select((t, i) => (t, $"l{i % 4}")).ToList();
        // Copies differ only in case and whitespace: 3 of #0, 2 of #1, 2 of #2.
        foreach (var i in new[] { 0, 0, 0, 1, 1, 2, 2 })
        {
            rows.Add(("  " + unique[i].ToUpperInvariant().Replace(" ", "   "), $"l{i % 4}"));
        }

        var report = new DataCurator(Options).Check(Examples(rows)).Report;

        Assert.Equal(7, report.Counts.ExactDuplicates);
        Assert.Equal(0, report.Counts.NearDuplicates);
        Assert.Equal(0, report.Counts.LabelConflicts);
        Assert.Equal(3, report.ExactDuplicates.Count);
        Assert.Contains(report.ExactDuplicates, g => g.Redundant == 3 && g.Examples[0].Line == 2);
    }

    [Fact]
    public void Five_planted_near_copies_are_five_near_duplicates_and_not_exact()
    {
        var unique = Sentences(200, 2);
        var rows = unique.Select(t => (t, "x")).ToList();
        rows.Add((Typo(unique[10]), "x"));
        rows.Add((Typo(unique[11]), "x"));
        rows.Add((unique[12] + " please", "x"));
        rows.Add((unique[13] + "?", "x"));
        rows.Add((Typo(unique[14]) + "!", "x"));
        // Half of a sentence is not a near duplicate.
        rows.Add((unique[15][..50], "x"));

        var report = new DataCurator(Options).Check(Examples(rows)).Report;

        Assert.Equal(5, report.Counts.NearDuplicates);
        Assert.Equal(0, report.Counts.ExactDuplicates);
        Assert.All(report.NearDuplicates, p => Assert.True(p.Similarity >= 0.8));
        Assert.Contains(report.NearDuplicates, p => (p.A.Line, p.B.Line) == (12, 202) || (p.A.Line, p.B.Line) == (202, 12));
    }

    [Fact]
    public void Three_planted_leaks_into_the_test_set_are_found()
    {
        var all = Sentences(160, 3);
        var train = Examples(all.Take(100).Select(t => (t, "x")));
        var testRows = all.Skip(100).Select(t => (t, "x")).ToList();
        testRows.Add((all[5].ToUpperInvariant(), "x"));
        testRows.Add((all[6], "y"));
        testRows.Add((Typo(all[7]), "x"));
        var test = Examples(testRows, "test.csv");

        var report = new DataCurator(Options).Check(train, test).Report;

        Assert.Equal(3, report.Counts.Leakage);
        Assert.Equal([7L, 8L, 9L], report.Leakage.Select(l => l.Example.Line).Order());
        Assert.Equal(2, report.Leakage.Count(l => l.Kind == "exact"));
        Assert.Single(report.Leakage, l => l.Kind == "near" && l.TestExample.File == "test.csv" && l.TestExample.Line == 64);
    }

    [Fact]
    public void Same_or_near_same_inputs_with_different_labels_are_conflicts()
    {
        var unique = Sentences(100, 4);
        var rows = unique.Select(t => (t, "billing")).ToList();
        rows.Add((unique[0], "refund"));
        rows.Add((unique[1].ToUpperInvariant(), "shipping"));
        rows.Add((Typo(unique[2]), "refund"));

        var report = new DataCurator(Options).Check(Examples(rows)).Report;

        Assert.Equal(3, report.Counts.LabelConflicts);
        Assert.Equal(0, report.Counts.NearDuplicates);
        Assert.Equal(0, report.Counts.ExactDuplicates);
        Assert.All(report.LabelConflicts, c => Assert.Equal(2, c.Labels.Count));
        Assert.Contains(report.LabelConflicts, c => c.Labels.Contains("refund") && c.Examples.Any(e => e.Line == 2));
    }

    [Fact]
    public void Empty_and_overlong_inputs_are_flagged()
    {
        var unique = Sentences(20, 5);
        var rows = unique.Select(t => (t, "x")).ToList();
        rows.Add(("", "x"));
        rows.Add(("   \t ", "x"));
        rows.Add(("\n", "x"));
        rows.Add((string.Join(' ', unique.Take(10)), "x"));
        rows.Add((string.Join(' ', unique.Skip(10)), "x"));

        var report = new DataCurator(Options with { MaxTokens = 200 }).Check(Examples(rows)).Report;

        Assert.Equal(3, report.Counts.Empty);
        Assert.Equal(2, report.Counts.Overlong);
        Assert.All(report.Overlong, o => Assert.True(o.Tokens > 200));
        Assert.Equal([22L, 23L, 24L], report.Empty.Select(e => e.Line));
    }

    [Fact]
    public void Class_imbalance_is_reported_with_the_distribution()
    {
        var unique = Sentences(105, 6);
        var imbalanced = new DataCurator(Options).Check(Examples(unique.Select((t, i) => (t, i < 100 ? "common" : "rare")))).Report;
        var balanced = new DataCurator(Options).Check(Examples(unique.Select((t, i) => (t, i % 2 == 0 ? "a" : "b")))).Report;

        Assert.NotNull(imbalanced.Labels);
        Assert.Equal(100, imbalanced.Labels!.Counts["common"]);
        Assert.Equal(5, imbalanced.Labels.Counts["rare"]);
        Assert.Equal(20, imbalanced.Labels.Ratio);
        Assert.True(imbalanced.Labels.Imbalanced);
        Assert.False(balanced.Labels!.Imbalanced);
    }

    [Fact]
    public void Report_json_has_exactly_the_documented_count_keys()
    {
        var report = new DataCurator(Options).Check(Examples(Sentences(10, 7).Select(t => (t, "x")))).Report;

        using var json = JsonDocument.Parse(report.ToJson());

        Assert.Equal(
            ["exact_duplicates", "near_duplicates", "leakage", "label_conflicts", "empty", "overlong"],
            json.RootElement.GetProperty("counts").EnumerateObject().Select(p => p.Name));
        foreach (var list in new[] { "exact_duplicates", "near_duplicates", "leakage", "label_conflicts", "empty", "overlong" })
        {
            Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty(list).ValueKind);
        }

        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("labels").ValueKind);
    }

    [Fact]
    public async Task Write_clean_keeps_one_of_each_duplicate_and_drops_conflicts_leaks_and_empty_inputs()
    {
        using var dir = new TempDirectory();
        var unique = Sentences(50, 8);
        var rows = unique.Select(t => (t, "x")).ToList();
        rows.Add((unique[0], "x"));          // exact duplicate
        rows.Add((unique[0], "x"));          // exact duplicate
        rows.Add((Typo(unique[1]), "x"));    // near duplicate
        rows.Add((unique[2], "y"));          // conflict with line 4
        rows.Add(("", "x"));                 // empty
        var train = Examples(rows);
        var test = Examples([(unique[3], "x")], "test.csv");
        var result = new DataCurator(Options).Check(train, test);
        var path = dir.File("clean.csv");

        var clean = await result.WriteCleanAsync(path, DataFormat.Csv);
        var reloaded = await DataLoader.LoadAsync(path);

        // 55 rows − 2 exact − 1 near − 2 conflict members − 1 leak − 1 empty.
        Assert.Equal(48, clean.Kept);
        Assert.Equal(48, reloaded.Examples.Count);
        Assert.Equal(7, clean.Dropped.Count);
        Assert.Equal(2, clean.Dropped.Count(d => d.Reason.StartsWith("exact duplicate")));
        Assert.Single(clean.Dropped, d => d.Reason.StartsWith("near duplicate"));
        Assert.Equal(2, clean.Dropped.Count(d => d.Reason.StartsWith("label conflict")));
        Assert.Single(clean.Dropped, d => d.Reason.StartsWith("leaks into the test set"));
        Assert.Single(clean.Dropped, d => d.Reason == "empty input");
        var recheck = new DataCurator(Options).Check(reloaded.Examples, test).Report.Counts;
        Assert.Equal(new CurationCounts(0, 0, 0, 0, 0, 0), recheck);
    }

    [Fact]
    public void Thousands_of_examples_with_planted_duplicates_are_counted_exactly()
    {
        var unique = Sentences(5000, 9);
        var rows = unique.Select((t, i) => (t, $"l{i % 5}")).ToList();
        for (var i = 0; i < 40; i++)
        {
            rows.Add((unique[i * 7].ToUpperInvariant(), $"l{i * 7 % 5}"));
            rows.Add((Typo(unique[i * 7 + 1]), $"l{(i * 7 + 1) % 5}"));
        }

        var report = new DataCurator(Options).Check(Examples(rows)).Report;

        Assert.Equal(40, report.Counts.ExactDuplicates);
        Assert.Equal(40, report.Counts.NearDuplicates);
        Assert.Equal(0, report.Counts.LabelConflicts);
        Assert.Equal(20, report.NearDuplicates.Count);
    }
}
