namespace Tunewise.Prompting;

/// <summary>
/// One example's prompt as it fits the model's context: the prompt to send (null when no allowed shortening makes it
/// fit), its tokens, the tokens of the prompt as first rendered, and what was given up to fit.
/// </summary>
public sealed record FittedPrompt(RenderedPrompt? Prompt, int Tokens, int FullTokens, int DroppedDemonstrations, bool InputCut)
{
    public bool Fits => Prompt is not null;
}
