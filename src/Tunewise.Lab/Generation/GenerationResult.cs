namespace Tunewise.Lab.Generation;

/// <summary>
/// One completion. <see cref="Tokens"/> are the generated ids (EOS excluded); <see cref="Text"/> is
/// their decoding, cut before the first stop sequence. <see cref="FinishReason"/> is "stop" (EOS or a
/// stop sequence) or "length".
/// </summary>
public sealed record GenerationResult(string Text, IReadOnlyList<int> Tokens, int PromptTokens, string FinishReason);
