using System.Text;
using Tunewise.Data;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Data;

public class DataLoaderTests
{
    private static async Task<List<Example>> ReadAsync(string path, DataLoadOptions? options = null)
    {
        var list = new List<Example>();
        await foreach (var example in new DataLoader(options).ReadAsync(path))
        {
            list.Add(example);
        }

        return list;
    }

    [Fact]
    public async Task Csv_reads_quoted_fields_escaped_quotes_quoted_newlines_crlf_and_bom()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.csv");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(
            "text,label\r\n\"Hello, world\",greet\r\n\"she said \"\"hi\"\"\",quote\r\n\"two\r\nlines\",multi\r\nplain,last\r\n")]);

        var examples = await ReadAsync(path);

        Assert.Equal(4, examples.Count);
        Assert.Equal("Hello, world", examples[0]["text"]);
        Assert.Equal("she said \"hi\"", examples[1]["text"]);
        Assert.Equal("two\r\nlines", examples[2]["text"]);
        Assert.Equal("multi", examples[2]["label"]);
        // The header is line 1; a record spanning two lines moves the next record's line on by two.
        Assert.Equal([2L, 3L, 4L, 6L], examples.Select(e => e.Source.Line));
        Assert.Equal("text", examples[0].Fields.Keys.First());
    }

    [Fact]
    public async Task Csv_with_lf_endings_and_no_trailing_newline_reads_every_row()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.csv");
        await File.WriteAllTextAsync(path, "a,b\n1,2\n3,4");

        var examples = await ReadAsync(path);

        Assert.Equal(["1", "3"], examples.Select(e => e["a"]));
        Assert.Equal("4", examples[1]["b"]);
    }

    [Fact]
    public async Task Csv_streams_a_file_in_blocks_without_losing_records_across_buffer_boundaries()
    {
        using var dir = new TempDirectory();
        var path = dir.File("big.csv");
        var builder = new StringBuilder("text,label\n");
        for (var i = 0; i < 20_000; i++)
        {
            builder.Append($"\"row {i}, with \"\"quotes\"\"\nand a break\",l{i % 3}\n");
        }

        await File.WriteAllTextAsync(path, builder.ToString());

        var examples = await ReadAsync(path);

        Assert.Equal(20_000, examples.Count);
        Assert.Equal("row 19999, with \"quotes\"\nand a break", examples[^1]["text"]);
        Assert.Equal(2 + 2L * 19_999, examples[^1].Source.Line);
    }

    [Fact]
    public async Task Malformed_csv_row_names_file_and_line()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.csv");
        await File.WriteAllTextAsync(path, "text,label\nok,a\n\"multi\nline\",b\nbad,row,extra\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadAsync(path));

        Assert.StartsWith($"{path}:5:", error.Message);
        Assert.Contains("has 3 fields but the header has 2", error.Message);
        Assert.IsAssignableFrom<UserInputException>(error);
    }

    [Fact]
    public async Task Unterminated_quote_is_reported_at_the_line_where_the_record_starts()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.csv");
        await File.WriteAllTextAsync(path, "text,label\nok,a\n\"never closed,b\nmore\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadAsync(path));

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("never closed", error.Message);
    }

    [Fact]
    public async Task Skip_invalid_skips_and_reports_malformed_rows()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.csv");
        await File.WriteAllTextAsync(path, "text,label\nok,a\nbad\"quote,b\ntoo,many,fields\nfine,c\n");
        var loader = new DataLoader(new DataLoadOptions { SkipInvalid = true });

        var examples = new List<Example>();
        await foreach (var example in loader.ReadAsync(path))
        {
            examples.Add(example);
        }

        Assert.Equal(["ok", "fine"], examples.Select(e => e["text"]));
        Assert.Equal([3L, 4L], loader.Skipped.Select(s => s.Source.Line));
        Assert.Contains("quote", loader.Skipped[0].Reason);
    }

    [Fact]
    public async Task Missing_mapped_field_names_the_line_field_and_columns()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.jsonl");
        await File.WriteAllTextAsync(path, "{\"text\":\"a\",\"label\":\"x\",\"intent\":\"i\"}\n{\"text\":\"b\",\"intent\":\"j\"}\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            ReadAsync(path, new DataLoadOptions { Mapping = new DataMapping { InputFields = ["text"], ExpectedField = "label" } }));

        Assert.Equal($"{path}:2: field 'label' is missing (columns are: text, intent)", error.Message);
        Assert.Equal("label", error.Field);
    }

    [Fact]
    public async Task Jsonl_turns_scalars_into_strings_and_nested_values_into_compact_json()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.jsonl");
        await File.WriteAllTextAsync(path, "{\"text\": \"hi\", \"n\": 3.50, \"ok\": true, \"none\": null, \"meta\": { \"a\": [1, 2] }}\n\n{\"text\":\"second\"}\n");

        var examples = await ReadAsync(path);

        Assert.Equal(2, examples.Count);
        Assert.Equal("3.50", examples[0]["n"]);
        Assert.Equal("true", examples[0]["ok"]);
        Assert.Equal("", examples[0]["none"]);
        Assert.Equal("{\"a\":[1,2]}", examples[0]["meta"]);
        Assert.Equal(3, examples[1].Source.Line);
    }

    [Fact]
    public async Task Jsonl_invalid_json_and_non_objects_name_their_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.jsonl");
        await File.WriteAllTextAsync(path, "{\"text\":\"a\"}\n{\"text\": oops}\n[1,2]\n");
        var loader = new DataLoader(new DataLoadOptions { SkipInvalid = true });

        var examples = new List<Example>();
        await foreach (var example in loader.ReadAsync(path))
        {
            examples.Add(example);
        }

        Assert.Single(examples);
        Assert.Equal([2L, 3L], loader.Skipped.Select(s => s.Source.Line));
        Assert.Contains("not valid JSON", loader.Skipped[0].Reason);
        Assert.Contains("must be a JSON object", loader.Skipped[1].Reason);
        var strict = await Assert.ThrowsAsync<DataFormatException>(() => ReadAsync(path));
        Assert.StartsWith($"{path}:2:", strict.Message);
    }

    [Fact]
    public async Task Chat_jsonl_keeps_system_last_user_final_assistant_and_the_conversation()
    {
        using var dir = new TempDirectory();
        var path = dir.File("chat.jsonl");
        await File.WriteAllTextAsync(path,
            """
            {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Capital of France?"},{"role":"assistant","content":"Paris"}]}
            {"messages":[{"role":"user","content":"2+2?"},{"role":"assistant","content":"4"}]}
            """);

        Assert.Equal(DataFormat.ChatJsonl, DataLoader.DetectFormat(path));
        var examples = await ReadAsync(path);

        Assert.Equal("Be brief.", examples[0]["system"]);
        Assert.Equal("Capital of France?", examples[0]["input"]);
        Assert.Equal("Paris", examples[0]["expected"]);
        Assert.Equal(
            """[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Capital of France?"}]""",
            examples[0]["messages"]);
        Assert.False(examples[1].Fields.ContainsKey("system"));
        Assert.Equal("4", examples[1]["expected"]);
    }

    [Fact]
    public async Task Chat_row_without_messages_is_malformed()
    {
        using var dir = new TempDirectory();
        var path = dir.File("chat.jsonl");
        await File.WriteAllTextAsync(path, "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n{\"prompt\":\"x\"}\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadAsync(path));

        Assert.Equal(2, error.Location.Line);
        Assert.Equal("messages", error.Field);
    }

    [Fact]
    public void Format_is_detected_by_extension_and_can_be_overridden()
    {
        using var dir = new TempDirectory();
        var jsonl = dir.File("plain.jsonl");
        File.WriteAllText(jsonl, "{\"text\":\"a\"}\n");

        Assert.Equal(DataFormat.Csv, DataLoader.DetectFormat("data/x.csv"));
        Assert.Equal(DataFormat.Jsonl, DataLoader.DetectFormat(jsonl));
        Assert.Equal(DataFormat.Csv, DataLoader.DetectFormat("data/x.txt", DataFormat.Csv));
        Assert.Throws<UserInputException>(() => DataLoader.DetectFormat("data/x.txt"));
    }

    [Fact]
    public async Task Ids_come_from_the_id_field_or_a_stable_content_hash()
    {
        using var dir = new TempDirectory();
        var withIds = dir.File("ids.csv");
        await File.WriteAllTextAsync(withIds, "id,text\nq1,a\nq2,b\n");
        var first = dir.File("a.csv");
        var reordered = dir.File("b.csv");
        await File.WriteAllTextAsync(first, "text,label\nHello  World,x\nother,y\n");
        await File.WriteAllTextAsync(reordered, "label,text\ny,other\nx,hello world\n");

        Assert.Equal(["q1", "q2"], (await ReadAsync(withIds)).Select(e => e.Id));
        var a = await ReadAsync(first);
        var b = await ReadAsync(reordered);
        Assert.Equal(16, a[0].Id.Length);
        Assert.Matches("^[0-9a-f]{16}$", a[0].Id);
        // Same content (up to column order, case and spacing) → same id.
        Assert.Equal(a[0].Id, b[1].Id);
        Assert.Equal(a[1].Id, b[0].Id);
    }

    [Fact]
    public async Task Identical_rows_without_ids_still_get_unique_ids()
    {
        using var dir = new TempDirectory();
        var path = dir.File("dups.csv");
        await File.WriteAllTextAsync(path, "text\nsame\nsame\nsame\n");

        var ids = (await ReadAsync(path)).Select(e => e.Id).ToList();

        Assert.Equal(3, ids.Distinct().Count());
        Assert.Equal(ids[0] + "-2", ids[1]);
    }

    [Fact]
    public async Task Duplicate_given_ids_are_an_error_naming_both_lines()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ids.csv");
        await File.WriteAllTextAsync(path, "id,text\n7,a\n8,b\n7,c\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => ReadAsync(path));

        Assert.Contains($"{path}:4:", error.Message);
        Assert.Contains("'7'", error.Message);
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public async Task Renames_apply_before_mapping()
    {
        using var dir = new TempDirectory();
        var path = dir.File("x.csv");
        await File.WriteAllTextAsync(path, "utterance,intent\nhi,greet\n");
        var options = new DataLoadOptions
        {
            Mapping = new DataMapping { Renames = new Dictionary<string, string> { ["utterance"] = "text" }, ExpectedField = "intent" },
        };

        var loaded = await DataLoader.LoadAsync(path, options);

        Assert.Equal("hi", loaded.Examples[0]["text"]);
        Assert.Equal(["text"], loaded.Mapping.InputFields);
        Assert.Equal("intent", loaded.Mapping.ExpectedField);
    }

    [Theory]
    [InlineData(DataFormat.Csv, "x.csv")]
    [InlineData(DataFormat.Jsonl, "x.jsonl")]
    [InlineData(DataFormat.ChatJsonl, "x.jsonl")]
    public async Task Written_files_read_back_to_the_same_examples(DataFormat format, string name)
    {
        using var dir = new TempDirectory();
        var fields = format == DataFormat.ChatJsonl
            ? new Dictionary<string, string> { ["system"] = "Be brief.", ["input"] = "a, \"b\"\nc", ["expected"] = "d" }
            : new Dictionary<string, string> { ["text"] = "a, \"b\"\nc", ["label"] = "d" };
        var path = dir.File(name);

        await DataWriter.WriteAsync(path, format, [new Example("x", fields, new SourceLocation("mem", 1))]);
        var back = await ReadAsync(path, new DataLoadOptions { Format = format });

        foreach (var (key, value) in fields)
        {
            Assert.Equal(value, back[0][key]);
        }
    }
}
