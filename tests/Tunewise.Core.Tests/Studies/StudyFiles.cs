using Tunewise.Studies;
using Tunewise.Testing;

namespace Tunewise.Core.Tests.Studies;

/// <summary>A temp folder with small data files, where a test writes a study and checks it.</summary>
internal sealed class StudyFiles : IDisposable
{
    private readonly TempDirectory _dir = new();

    public StudyFiles()
    {
        Directory.CreateDirectory(_dir.File("data"));
        File.WriteAllText(_dir.File("data/train.csv"), "id,text,label\n1,hello,greet\n");
        File.WriteAllText(_dir.File("data/test.csv"), "id,text,label\n2,bye,leave\n");
        File.WriteAllText(_dir.File("data/all.csv"), "id,text,label\n1,hello,greet\n2,bye,leave\n");
        Directory.CreateDirectory(_dir.File("docs"));
    }

    public string Folder => _dir.Path;

    public StudyCheckResult Check(string yaml, IReadOnlySet<string>? dataFields = null, IReadOnlyList<string>? gpuNames = null)
    {
        var path = _dir.File("study.yaml");
        File.WriteAllText(path, yaml.ReplaceLineEndings("\n"));
        return StudyLoader.Check(path, new Tunewise.Studies.Validation.StudyValidationContext(dataFields) { GpuNames = gpuNames });
    }

    /// <summary>Findings as "line:column: message", without the folder, for exact assertions.</summary>
    public static List<string> Lines(StudyCheckResult result) =>
        result.Findings.Select(f => $"{f.Line}:{f.Column}: {(f.IsError ? "" : "warning: ")}{f.Message}").ToList();

    public void Dispose() => _dir.Dispose();
}
