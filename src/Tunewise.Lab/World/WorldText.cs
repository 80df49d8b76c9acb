using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tunewise.Lab.World;

/// <summary>Deterministic writers: UTF-8 without BOM, '\n' line ends, invariant formatting.</summary>
internal static class WorldText
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) write(writer);
        return Utf8.GetString(stream.ToArray());
    }

    public static void WriteAll(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8);
    }

    public static void WriteJsonl(string path, IEnumerable<WorldExample> examples, Action<Utf8JsonWriter, WorldExample>? extra = null)
    {
        var text = new StringBuilder();
        foreach (var e in examples)
        {
            text.Append(Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", e.Id);
                w.WriteString("family", e.Family);
                w.WriteString("input", e.Input);
                w.WriteString("expected", e.Expected);
                extra?.Invoke(w, e);
                w.WriteEndObject();
            })).Append('\n');
        }
        WriteAll(path, text.ToString());
    }

    public static void WriteChatJsonl(string path, IEnumerable<WorldExample> examples)
    {
        var text = new StringBuilder();
        foreach (var e in examples)
        {
            text.Append(Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("messages");
                foreach (var (role, content) in new[] { ("user", e.Input), ("assistant", e.Expected) })
                {
                    w.WriteStartObject();
                    w.WriteString("role", role);
                    w.WriteString("content", content);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            })).Append('\n');
        }
        WriteAll(path, text.ToString());
    }
}
