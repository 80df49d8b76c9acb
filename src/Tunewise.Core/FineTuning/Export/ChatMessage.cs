namespace Tunewise.FineTuning.Export;

/// <summary>One turn of an exported conversation: role is system, user or assistant.</summary>
public sealed record ChatMessage(string Role, string Content);
