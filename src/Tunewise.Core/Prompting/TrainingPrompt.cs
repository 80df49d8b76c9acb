namespace Tunewise.Prompting;

/// <summary>
/// One fine-tuning example as it is trained: its prompt (null when it cannot fit the context under the arm's policy), the
/// answer, and the tokens of the whole training sequence (prompt and answer; 0 when the window is unknown).
/// </summary>
public sealed record TrainingPrompt(Data.Example Example, RenderedPrompt? Prompt, string Answer, int SequenceTokens, int FullSequenceTokens, bool InputCut);
