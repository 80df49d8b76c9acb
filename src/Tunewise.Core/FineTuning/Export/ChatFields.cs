namespace Tunewise.FineTuning.Export;

/// <summary>
/// How an example becomes a conversation: the user turn is <see cref="InputField"/>, the assistant
/// turn is <see cref="ExpectedField"/>, and the system turn is <see cref="SystemPrompt"/> (the same
/// for every example) or, per example, <see cref="SystemField"/>.
/// </summary>
public sealed record ChatFields(string InputField, string ExpectedField, string? SystemPrompt = null, string? SystemField = null);
