using Tunewise.Testing;

namespace Tunewise.LlamaCpp.Tests;

/// <summary>Writes the tiny random model once for a test class.</summary>
public sealed class TinyModelFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TinyModelFixture()
    {
        Path = TinyLlamaModel.WriteAsync(_directory.File("tiny.gguf")).GetAwaiter().GetResult();
    }

    public string Path { get; }

    public void Dispose() => _directory.Dispose();
}
