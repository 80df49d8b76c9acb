// Converts the CLINC150 "small" release in source/ into the CSV files the example study reads:
// data/train.csv, data/dev.csv and data/test.csv with columns id,text,label.
// In-scope queries keep their intent; out-of-scope queries are labelled "oos".
// Run from anywhere: dotnet run examples/clinc150/convert.cs
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

var root = ExampleFolder();
var source = Path.Combine(root, "source", "data_small.json");
using var document = JsonDocument.Parse(File.ReadAllBytes(source));
var splits = document.RootElement;

Directory.CreateDirectory(Path.Combine(root, "data"));
// The study's dev set comes from CLINC150's validation split.
foreach (var (name, inScope, outOfScope) in new[] { ("train", "train", "oos_train"), ("dev", "val", "oos_val"), ("test", "test", "oos_test") })
{
    var rows = Pairs(splits.GetProperty(inScope)).Concat(Pairs(splits.GetProperty(outOfScope))).ToList();
    var csv = new StringBuilder("id,text,label\n");
    for (var i = 0; i < rows.Count; i++)
    {
        csv.Append(name).Append('-').Append(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Append(',').Append(Quote(rows[i].Text))
            .Append(',').Append(Quote(rows[i].Label))
            .Append('\n');
    }
    var target = Path.Combine(root, "data", $"{name}.csv");
    File.WriteAllText(target, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    var labels = rows.Select(r => r.Label).Distinct().Count();
    Console.WriteLine($"{Path.GetRelativePath(Environment.CurrentDirectory, target)}: {rows.Count} rows, {labels} labels");
}

static IEnumerable<(string Text, string Label)> Pairs(JsonElement split) =>
    split.EnumerateArray().Select(pair => (pair[0].GetString()!, pair[1].GetString()!));

// RFC 4180: quote a field when it holds a comma, a quote or a line break; double inner quotes.
static string Quote(string field) =>
    field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

static string ExampleFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
