namespace Tunewise.Studies;

/// <summary>The mutable task part of a <see cref="StudyBuilder"/>. Paths may be relative to the study's base directory.</summary>
public sealed class TaskBuilder
{
    public TaskKind? Kind { get; set; }
    public string? Data { get; set; }
    public string? Train { get; set; }
    public string? Dev { get; set; }
    public string? Test { get; set; }
    public List<string> Input { get; } = [];
    public string? Expected { get; set; }
    public string? Documents { get; set; }
    public double? SplitDev { get; set; }
    public double? SplitTest { get; set; }
    public int? Seed { get; set; }

    /// <summary>Null means: stratify classification tasks by label, others not.</summary>
    public bool? Stratify { get; set; }

    public TaskBuilder WithKind(TaskKind kind) { Kind = kind; return this; }
    public TaskBuilder WithData(string path) { Data = path; return this; }
    public TaskBuilder WithTrain(string path) { Train = path; return this; }
    public TaskBuilder WithDev(string path) { Dev = path; return this; }
    public TaskBuilder WithTest(string path) { Test = path; return this; }
    public TaskBuilder WithExpected(string field) { Expected = field; return this; }
    public TaskBuilder WithDocuments(string path) { Documents = path; return this; }

    public TaskBuilder WithInput(params string[] fields)
    {
        Input.Clear();
        Input.AddRange(fields);
        return this;
    }

    public TaskBuilder WithSplit(double? dev = null, double? test = null, int? seed = null, bool? stratify = null)
    {
        SplitDev = dev ?? SplitDev;
        SplitTest = test ?? SplitTest;
        Seed = seed ?? Seed;
        Stratify = stratify ?? Stratify;
        return this;
    }

    internal TaskSpec Freeze(string baseDirectory)
    {
        var kind = Kind ?? TaskKind.Classification;
        return new TaskSpec
        {
            Kind = kind,
            Data = Resolve(baseDirectory, Data),
            Train = Resolve(baseDirectory, Train),
            Dev = Resolve(baseDirectory, Dev),
            Test = Resolve(baseDirectory, Test),
            Input = [.. Input],
            Expected = Expected ?? string.Empty,
            Documents = Resolve(baseDirectory, Documents),
            Split = new SplitSpec(
                SplitDev ?? SplitSpec.DefaultDev,
                SplitTest ?? SplitSpec.DefaultTest,
                Seed ?? SplitSpec.DefaultSeed,
                Stratify ?? kind == TaskKind.Classification),
        };
    }

    internal static string? Resolve(string baseDirectory, string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path, baseDirectory);
}
