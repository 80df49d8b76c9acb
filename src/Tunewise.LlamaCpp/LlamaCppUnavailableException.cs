namespace Tunewise.LlamaCpp;

/// <summary>llama.cpp's native library could not be loaded on this machine; the message says what is missing.</summary>
public sealed class LlamaCppUnavailableException : InvalidOperationException
{
    public LlamaCppUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
