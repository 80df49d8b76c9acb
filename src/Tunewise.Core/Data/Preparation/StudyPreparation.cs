using System.Security.Cryptography;
using Tunewise.Data;
using Tunewise.Data.Curation;
using Tunewise.Data.Splits;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.Data.Preparation;

/// <summary>The data preparation stage: loads a study's data, curates it, splits it and freezes the test set, everything before the first model call.</summary>
public static class StudyPreparation
{
    public static async Task<StudyRunInput> PrepareAsync(Study study, bool skipInvalid = false, IProgressReporter? progress = null, CancellationToken cancellationToken = default)
    {
        var data = await LoadAsync(study, skipInvalid, cancellationToken).ConfigureAwait(false);
        return await PrepareAsync(study, data, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the study's data files once; validation reads their field names from it, and preparation splits it.</summary>
    public static async Task<StudyData> LoadAsync(Study study, bool skipInvalid = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        var task = study.Task;
        var options = new DataLoadOptions
        {
            SkipInvalid = skipInvalid,
            Mapping = new DataMapping { InputFields = task.Input, ExpectedField = task.Expected },
        };
        if (!task.HasExplicitSplits)
            return new StudyData { Unsplit = await LoadAsync(study, task.Data ?? task.Train!, options, cancellationToken).ConfigureAwait(false) };
        return new StudyData
        {
            Train = task.Train is { } t ? await LoadAsync(study, t, options, cancellationToken).ConfigureAwait(false) : [],
            Dev = task.Dev is { } d ? await LoadAsync(study, d, options, cancellationToken).ConfigureAwait(false) : [],
            Test = await LoadAsync(study, task.Test!, options, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The data's field names, for validating template placeholders before any call: those of the data file, else the train file, else the test file.</summary>
    public static IReadOnlySet<string> FieldNames(Study study, StudyData data)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(data);
        var examples = data.Unsplit ?? (study.Task.Train is not null ? data.Train : data.Test);
        return examples.SelectMany(e => e.Fields.Keys).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Curates and splits loaded data and freezes the test set.</summary>
    public static async Task<StudyRunInput> PrepareAsync(Study study, StudyData data, IProgressReporter? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(data);
        var task = study.Task;
        DataSplit split;
        if (data.Unsplit is { } all)
        {
            var s = task.Split;
            split = DataSplitter.Split(all, new SplitOptions(s.Dev, s.Test, s.Seed, s.Stratify && task.Kind == TaskKind.Classification ? task.Expected : null));
        }
        else
        {
            split = new DataSplit(data.Train, data.Dev, data.Test);
        }

        var curator = new DataCurator(new CurationOptions { InputFields = task.Input, ExpectedField = task.Expected });
        var trainAndDev = split.Train.Concat(split.Dev).ToList();
        var curation = trainAndDev.Count > 0
            ? await curator.CheckAsync(trainAndDev, split.Test, progress, cancellationToken).ConfigureAwait(false)
            : await curator.CheckAsync(split.Test, null, progress, cancellationToken).ConfigureAwait(false);

        return new StudyRunInput
        {
            Study = study,
            StudyHash = HashStudy(study),
            Split = split,
            // Content is the input alone: a train row with a test input is a leak whatever its label.
            Frozen = FrozenTestSet.Create(split.Test, contentFields: task.Input),
            Curation = curation.Report,
            CleanIds = trainAndDev.Count > 0 ? curation.CleanExamples().Select(e => e.Id).ToHashSet(StringComparer.Ordinal) : null,
        };
    }

    /// <summary>Hash of the study file's bytes; a run resumes only when it is unchanged.</summary>
    public static string HashStudy(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var bytes = study.Source.File is { } file && File.Exists(file)
            ? File.ReadAllBytes(file)
            : System.Text.Encoding.UTF8.GetBytes(study.Name);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static async Task<IReadOnlyList<Example>> LoadAsync(Study study, string file, DataLoadOptions options, CancellationToken cancellationToken)
    {
        var path = Path.IsPathRooted(file) ? file : Path.Combine(study.BaseDirectory, file);
        return (await DataLoader.LoadAsync(path, options, cancellationToken).ConfigureAwait(false)).Examples;
    }
}
