namespace Tunewise.Arms.Baselines;

/// <summary>One training message for a baseline classifier: the example's input fields joined by newlines, and its label.</summary>
public sealed record LabelledText(string Text, string Label);
