using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tunewise.Data;
using Tunewise.Data.Curation;
using Tunewise.Data.Splits;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Running;

/// <summary>Loads a study's data, curates it, splits it and freezes the test set: everything before the first model call.</summary>
public static class StudyPreparation
{
    public static async Task<StudyRunInput> PrepareAsync(Study study, bool skipInvalid = false, IProgressReporter? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        var task = study.Task;
        var options = new DataLoadOptions
        {
            SkipInvalid = skipInvalid,
            Mapping = new DataMapping { InputFields = task.Input, ExpectedField = task.Expected },
        };
        DataSplit split;
        IReadOnlyList<Example> all;
        if (task.HasExplicitSplits)
        {
            var train = task.Train is { } t ? (await LoadAsync(study, t, options, cancellationToken).ConfigureAwait(false)) : [];
            var dev = task.Dev is { } d ? (await LoadAsync(study, d, options, cancellationToken).ConfigureAwait(false)) : [];
            var test = await LoadAsync(study, task.Test!, options, cancellationToken).ConfigureAwait(false);
            split = new DataSplit(train, dev, test);
            all = [.. train, .. dev, .. test];
        }
        else
        {
            all = await LoadAsync(study, task.Data ?? task.Train!, options, cancellationToken).ConfigureAwait(false);
            var s = task.Split;
            split = DataSplitter.Split(all, new SplitOptions(s.Dev, s.Test, s.Seed, s.Stratify && task.Kind == TaskKind.Classification ? task.Expected : null));
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
            Curation = JsonNode.Parse(curation.Report.ToJson()),
            CleanIds = trainAndDev.Count > 0 ? curation.CleanExamples().Select(e => e.Id).ToHashSet(StringComparer.Ordinal) : null,
        };
    }

    /// <summary>The data's field names, for validating template placeholders before any call.</summary>
    public static async Task<IReadOnlySet<string>> FieldNamesAsync(Study study, bool skipInvalid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var file = study.Task.Data ?? study.Task.Train ?? study.Task.Test;
        if (file is null)
            return new HashSet<string>();
        var options = new DataLoadOptions { SkipInvalid = skipInvalid, Mapping = new DataMapping { InputFields = study.Task.Input, ExpectedField = study.Task.Expected } };
        var examples = await LoadAsync(study, file, options, cancellationToken).ConfigureAwait(false);
        return examples.SelectMany(e => e.Fields.Keys).ToHashSet(StringComparer.Ordinal);
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
