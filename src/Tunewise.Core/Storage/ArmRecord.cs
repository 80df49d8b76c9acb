namespace Tunewise.Storage;

/// <summary>An arm as it was configured in a run: its name, model reference and full configuration as JSON.</summary>
public sealed record ArmRecord(string RunId, string Name, string Model, string ConfigJson);
