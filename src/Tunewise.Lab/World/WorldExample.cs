namespace Tunewise.Lab.World;

/// <summary>One generated example: the prompt text, the exact expected answer and the task family it belongs to.</summary>
public sealed record WorldExample(string Id, string Family, string Input, string Expected);
