namespace Tunewise.Storage;

/// <summary>Identifies one model call of a run: the arm, the example and which repeat.</summary>
public readonly record struct ResultKey(string Arm, string ExampleId, int Repeat);
