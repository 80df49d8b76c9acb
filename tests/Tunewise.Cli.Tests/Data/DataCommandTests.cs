using System.Text.Json;
using Spectre.Console.Testing;
using Tunewise.Data.Splits;
using Tunewise.Testing;

namespace Tunewise.Cli.Tests.Data;

public class DataCommandTests
{
    private const string Csv = "text,label\nrefund my order please,refund\nRefund  my order please,refund\nwhere is my parcel today,shipping\nwhere is my parcel today,billing\ncancel the subscription now,account\n,other\n";

    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var code = Program.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Check_json_prints_only_a_json_object_with_the_count_keys()
    {
        using var dir = new TempDirectory();
        var train = dir.File("train.csv");
        var test = dir.File("test.csv");
        File.WriteAllText(train, Csv);
        File.WriteAllText(test, "text,label\ncancel the subscription now,account\nsomething else entirely,other\n");

        var (code, output) = Run("data", "check", train, "--against", test, "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var counts = json.RootElement.GetProperty("counts");
        Assert.Equal(
            ["exact_duplicates", "near_duplicates", "leakage", "label_conflicts", "empty", "overlong"],
            counts.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, counts.GetProperty("exact_duplicates").GetInt32());
        Assert.Equal(1, counts.GetProperty("label_conflicts").GetInt32());
        Assert.Equal(1, counts.GetProperty("leakage").GetInt32());
        Assert.Equal(1, counts.GetProperty("empty").GetInt32());
        Assert.Equal(6, json.RootElement.GetProperty("leakage")[0].GetProperty("example").GetProperty("line").GetInt32());
    }

    [Fact]
    public void Check_prints_a_table_and_writes_a_clean_file()
    {
        using var dir = new TempDirectory();
        var train = dir.File("train.csv");
        var clean = dir.File("clean.csv");
        File.WriteAllText(train, Csv);

        var (code, output) = Run("data", "check", train, "--write-clean", clean);

        Assert.Equal(0, code);
        Assert.Contains("exact duplicates", output);
        Assert.Contains("label conflicts", output);
        Assert.Contains("kept 2, dropped 4", output);
        Assert.Equal(3, File.ReadAllLines(clean).Length);
    }

    [Fact]
    public void Malformed_input_exits_1_naming_file_line_and_field()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.csv");
        File.WriteAllText(path, "text,label\nok,a\n");

        var (code, output) = Run("data", "check", path, "--expected", "intent");

        Assert.Equal(1, code);
        Assert.Contains("bad.csv:2: field 'intent' is missing (columns are: text, label)", output.Replace("\n", string.Empty));
    }

    [Fact]
    public void Skip_invalid_lists_skipped_rows_in_the_report()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.csv");
        File.WriteAllText(path, "text,label\nok,a\ntoo,many,fields\nfine,b\n");

        var (code, output) = Run("data", "check", path, "--skip-invalid", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("examples").GetInt32());
        Assert.Contains(":3:", json.RootElement.GetProperty("skipped_rows")[0].GetString());
    }

    [Fact]
    public void Missing_file_exits_1()
    {
        var (code, output) = Run("data", "check", "/nonexistent/x.csv");

        Assert.Equal(1, code);
        Assert.Contains("not found", output);
    }

    [Fact]
    public async Task Split_writes_train_dev_test_and_a_frozen_test_set_deterministically()
    {
        using var dir = new TempDirectory();
        var path = dir.File("data.csv");
        File.WriteAllLines(path, new[] { "text,label" }.Concat(Enumerable.Range(0, 100).Select(i => $"sentence {i},{(i % 4 == 0 ? "rare" : "common")}")));

        var (code, _) = Run("data", "split", path, "--out", dir.File("a"), "--stratify", "--seed", "3");
        Run("data", "split", path, "--out", dir.File("b"), "--stratify", "--seed", "3");

        Assert.Equal(0, code);
        Assert.Equal(1 + 69, File.ReadAllLines(dir.File("a/train.csv")).Length);
        Assert.Equal(1 + 11, File.ReadAllLines(dir.File("a/dev.csv")).Length);
        Assert.Equal(1 + 20, File.ReadAllLines(dir.File("a/test.csv")).Length);
        var frozen = await FrozenTestSet.LoadAsync(dir.File("a/test.frozen.json"));
        Assert.Equal(20, frozen.Ids.Count);
        Assert.Equal(frozen.Hash, (await FrozenTestSet.LoadAsync(dir.File("b/test.frozen.json"))).Hash);
        Assert.Equal(5, File.ReadAllLines(dir.File("a/test.csv")).Count(l => l.EndsWith(",rare")));
    }

    [Fact]
    public void Help_shows_examples()
    {
        var (_, output) = Run("data", "check", "--help");

        Assert.Contains("--against", output);
        Assert.Contains("--write-clean", output);
        Assert.Contains("data check data/intents.csv", output);
    }

    [Fact]
    public void Bench_data_check_runs_on_a_small_size()
    {
        var (code, output) = Run("bench", "data-check", "-n", "800");

        Assert.Equal(0, code);
        Assert.Contains("800", output);
        Assert.Contains("8/8", output);
    }
}
