using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Tunewise.Arms.Baselines;
using static Tunewise.Baselines.MlNetBaselineTrainer;

namespace Tunewise.Baselines;

/// <summary>
/// Cosine nearest neighbours over L2-normalised TF-IDF vectors: the k most similar training messages vote for their label,
/// each with its similarity; a tie goes to the label of the single most similar message, then to the first by ordinal order.
/// </summary>
internal sealed class NearestNeighbourClassifier : ITextClassifier
{
    private readonly PredictionEngine<TextRow, FeatureRow> _engine;
    private readonly (int[] Indices, float[] Values)[] _vectors;
    private readonly string[] _labels;
    private readonly int _neighbours;
    private readonly Lock _gate = new();

    private NearestNeighbourClassifier(PredictionEngine<TextRow, FeatureRow> engine, (int[], float[])[] vectors, string[] labels, int neighbours)
    {
        _engine = engine;
        _vectors = vectors;
        _labels = labels;
        _neighbours = neighbours;
    }

    public static NearestNeighbourClassifier Train(MLContext ml, ITransformer featurizer, IDataView rows, IReadOnlyList<LabelledText> train, int neighbours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neighbours, 1);
        // The column's rows may share one buffer, so each is copied out before the next is read.
        var vectors = featurizer.Transform(rows).GetColumn<VBuffer<float>>(FeaturesColumn).Select(Sparse).ToArray();
        return new NearestNeighbourClassifier(ml.Model.CreatePredictionEngine<TextRow, FeatureRow>(featurizer), vectors,
            [.. train.Select(t => t.Label)], neighbours);
    }

    public string Classify(string text)
    {
        float[] query;
        lock (_gate)
        {
            var row = _engine.Predict(new TextRow { Text = text });
            query = new float[row.Features.Length];
            row.Features.CopyTo(query);
        }
        var k = Math.Min(_neighbours, _vectors.Length);
        // The k best (similarity, index) so far, smallest first.
        var best = new List<(float Similarity, int Index)>(k + 1);
        for (var i = 0; i < _vectors.Length; i++)
        {
            var (indices, values) = _vectors[i];
            var dot = 0f;
            for (var j = 0; j < indices.Length; j++)
            {
                if (indices[j] < query.Length)
                    dot += values[j] * query[indices[j]];
            }
            if (best.Count == k && dot <= best[0].Similarity)
                continue;
            var at = best.FindIndex(b => b.Similarity >= dot);
            best.Insert(at < 0 ? best.Count : at, (dot, i));
            if (best.Count > k)
                best.RemoveAt(0);
        }
        return best.GroupBy(b => _labels[b.Index], StringComparer.Ordinal)
            .Select(g => (Label: g.Key, Votes: g.Sum(b => b.Similarity), Closest: g.Max(b => b.Similarity)))
            .OrderByDescending(v => v.Votes).ThenByDescending(v => v.Closest).ThenBy(v => v.Label, StringComparer.Ordinal)
            .First().Label;
    }

    private static (int[], float[]) Sparse(VBuffer<float> vector)
    {
        var indices = new List<int>();
        var values = new List<float>();
        var dense = vector.GetValues();
        if (vector.IsDense)
        {
            for (var i = 0; i < dense.Length; i++)
            {
                if (dense[i] != 0)
                {
                    indices.Add(i);
                    values.Add(dense[i]);
                }
            }
        }
        else
        {
            var at = vector.GetIndices();
            for (var i = 0; i < at.Length; i++)
            {
                indices.Add(at[i]);
                values.Add(dense[i]);
            }
        }
        return ([.. indices], [.. values]);
    }
}
