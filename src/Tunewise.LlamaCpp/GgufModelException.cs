namespace Tunewise.LlamaCpp;

/// <summary>
/// A <c>gguf:</c> model file that cannot be used: missing, not GGUF, or refused by llama.cpp. The
/// message names the file and says what was expected.
/// </summary>
public sealed class GgufModelException : UserInputException
{
    public GgufModelException(string path, string message, Exception? innerException = null)
        : base(message, innerException ?? new InvalidDataException(message))
    {
        ModelPath = path;
    }

    public string ModelPath { get; }
}
