using Tunewise.Testing;

namespace Tunewise.Core.Tests.Retrieval;

/// <summary>A small corpus of fictional entities, each with facts no other document shares.</summary>
internal static class PlantedCorpus
{
    public static readonly (string File, string Text)[] Files =
    [
        ("orbanite.md", "# Orbanite\n\nOrbanite is a blue mineral mined near the village of Quellmarsh. The Orbanite guild was founded by Teodra Vasch in 1822.\n\nIts crystals glow faintly when heated."),
        ("vellicor.txt", "The Vellicor is a migratory bird that nests on the cliffs of Brannoch Isle. Each autumn the Vellicor flies south to the Sarnic Delta, where it feeds on reed beetles."),
        ("tessaly/harbor.md", "Tessaly Harbor handles grain shipments for the Duchy of Morrow. Its lighthouse, the Grey Candle, was rebuilt after the storm of 1904."),
        ("zintar.html", "<html><head><title>x</title><style>p{color:red}</style></head><body><h1>Zintar engine</h1><p>The Zintar engine burns compressed peat &amp; runs the mills of Hollowfen.</p><script>var a = 1;</script></body></html>"),
    ];

    public static TempDirectory Create()
    {
        var folder = new TempDirectory();
        foreach (var (file, text) in Files)
        {
            var path = folder.File(file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        File.WriteAllText(folder.File("notes.jsonl"),
            "{\"id\": \"kelp-17\", \"text\": \"Kelp farm 17 produces iodine for the Marrowgate clinic.\"}\n\n{\"id\": \"kelp-18\", \"content\": \"Kelp farm 18 was abandoned after the eel blight.\"}\n");
        return folder;
    }
}
