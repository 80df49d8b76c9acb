namespace Tunewise.Models.Providers;

/// <summary>How a provider honours a JSON response format.</summary>
public enum JsonModeSupport
{
    /// <summary>Ignored: the model is not told.</summary>
    None,

    /// <summary>The provider constrains decoding itself (a JSON mode or structured outputs).</summary>
    Native,

    /// <summary>A system instruction asks for JSON; the output is not guaranteed to parse.</summary>
    Instruction,

    /// <summary>A grammar constrains sampling locally, so the output parses unless cut by the token limit.</summary>
    Grammar,
}
