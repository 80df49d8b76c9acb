namespace Tunewise.Arms.Baselines;

/// <summary>A trained baseline classifier. Safe to call from several threads.</summary>
public interface ITextClassifier
{
    /// <summary>The predicted label of <paramref name="text"/>, always one of the labels it was trained on.</summary>
    string Classify(string text);
}
