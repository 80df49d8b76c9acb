using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using Tunewise.Arms.Baselines;
using Tunewise.Studies;

namespace Tunewise.Baselines;

/// <summary>
/// Trains baseline classifiers with ML.NET. Both kinds share one featurizer: lower-cased text, word unigrams and bigrams
/// and character 4-grams, each TF-IDF weighted, concatenated and L2-normalised. <c>logistic</c> fits SDCA maximum entropy
/// (multiclass logistic regression) on those vectors; <c>tfidf-knn</c> keeps the training vectors and answers with a
/// cosine-similarity-weighted vote of the k nearest. Training is single-threaded and seeded, so the same train split gives
/// the same classifier on every run.
/// </summary>
public sealed class MlNetBaselineTrainer : IBaselineTrainer
{
    /// <summary>ML.NET binds rows to classes by emitting code at run time, which a native build cannot do.</summary>
    public const string NativeBuildReason = UnavailableBaselineTrainer.NativeBuildReason;

    private const int Seed = 13;

    public string? UnavailableReason => RuntimeFeature.IsDynamicCodeSupported ? null : NativeBuildReason;

    public ITextClassifier Train(BaselineSpec spec, IReadOnlyList<LabelledText> train, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(train);
        if (UnavailableReason is { } reason)
            throw new UserInputException($"baseline {spec.KindName} is not available: {reason}.");
        if (train.Count == 0)
            throw new UserInputException($"baseline {spec.KindName} has no training examples.");
        cancellationToken.ThrowIfCancellationRequested();
        var ml = new MLContext(Seed);
        var rows = ml.Data.LoadFromEnumerable(train.Select(t => new TextRow { Text = t.Text, Label = t.Label }));
        var featurizer = ml.Transforms.Text.FeaturizeText(FeaturesColumn, Featurizer(), nameof(TextRow.Text));
        return spec.Kind switch
        {
            BaselineKind.TfidfKnn => NearestNeighbourClassifier.Train(ml, featurizer.Fit(rows), rows, train, spec.Neighbours),
            BaselineKind.Logistic => LogisticClassifier.Train(ml, featurizer, rows, cancellationToken),
            _ => throw new UserInputException($"baseline kind '{spec.Kind}' is not supported."),
        };
    }

    internal const string FeaturesColumn = "Features";

    internal static TextFeaturizingEstimator.Options Featurizer() => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        KeepDiacritics = false,
        KeepPunctuations = false,
        KeepNumbers = true,
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
        CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    internal sealed class TextRow
    {
        public string Text { get; set; } = string.Empty;
        public string Label { get; set; } = string.Empty;
    }

    internal sealed class FeatureRow
    {
        public VBuffer<float> Features { get; set; }
    }

    internal sealed class PredictionRow
    {
        public string PredictedLabel { get; set; } = string.Empty;
    }

    /// <summary>Multiclass logistic regression over the TF-IDF vectors.</summary>
    private sealed class LogisticClassifier(PredictionEngine<TextRow, PredictionRow> engine) : ITextClassifier
    {
        private readonly Lock _gate = new();

        public static ITextClassifier Train(MLContext ml, TextFeaturizingEstimator featurizer, IDataView rows, CancellationToken cancellationToken)
        {
            var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(TextRow.Label))
                .Append(featurizer)
                .AppendCacheCheckpoint(ml)
                .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = "LabelKey",
                    FeatureColumnName = FeaturesColumn,
                    NumberOfThreads = 1,
                }))
                .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(PredictionRow.PredictedLabel), "PredictedLabel"));
            var model = pipeline.Fit(rows);
            cancellationToken.ThrowIfCancellationRequested();
            return new LogisticClassifier(ml.Model.CreatePredictionEngine<TextRow, PredictionRow>(model));
        }

        public string Classify(string text)
        {
            // A prediction engine reuses its buffers: one caller at a time.
            lock (_gate)
                return engine.Predict(new TextRow { Text = text }).PredictedLabel;
        }
    }
}
