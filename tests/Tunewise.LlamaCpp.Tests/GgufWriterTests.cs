using System.Buffers.Binary;
using System.Text;
using LLama;
using Microsoft.Extensions.AI;
using Tunewise.LlamaCpp.Gguf;
using Tunewise.Testing;

namespace Tunewise.LlamaCpp.Tests;

public sealed class GgufWriterTests
{
    [Fact]
    public async Task Writes_a_version_3_header_with_counts_and_aligned_tensor_data()
    {
        using var directory = new TempDirectory();
        var path = directory.File("m.gguf");
        var writer = new GgufWriter("tw-test")
            .Add("general.name", GgufValue.String("x"))
            .Add("tw.flag", GgufValue.Bool(true))
            .Add("tw.scores", GgufValue.Float32s([0.5f, -1f]))
            .AddTensor("a", [3], [1f, 2f, 3f])
            .AddTensor("b", [2, 2], [1f, 2f, 3f, 4f], GgufTensorType.F16);

        await writer.WriteAsync(path);

        var header = GgufHeader.Read(path);
        Assert.Equal(3u, header.Version);
        Assert.Equal(2ul, header.TensorCount);
        Assert.Equal(4ul, header.MetadataCount);
        var bytes = await File.ReadAllBytesAsync(path);
        // Tensor "a" (12 bytes) is padded to 32; "b" is 4 halves (8 bytes) padded to 32; data starts 32-aligned.
        var dataStart = bytes.Length - 64;
        Assert.Equal(0, dataStart % 32);
        Assert.Equal(1f, BitConverter.ToSingle(bytes, dataStart));
        Assert.Equal(3f, BitConverter.ToSingle(bytes, dataStart + 8));
        Assert.Equal((Half)4f, BitConverter.ToHalf(bytes, dataStart + 32 + 6));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void Rejects_duplicate_keys_mismatched_shapes_and_mixed_arrays()
    {
        var writer = new GgufWriter("llama").Add("k", GgufValue.UInt32(1));

        Assert.Throws<ArgumentException>(() => writer.Add("k", GgufValue.UInt32(2)));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("t", [2, 3], new float[5]));
        Assert.Throws<ArgumentException>(() => GgufValue.Array(GgufValueType.Int32, [GgufValue.Int32(1), GgufValue.String("x")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GgufWriter("llama", alignment: 24));
    }

    [Fact]
    public async Task Llama_cpp_loads_a_written_llama_model_and_reads_its_metadata()
    {
        using var directory = new TempDirectory();
        var path = await TinyLlamaModel.WriteAsync(directory.File("f16.gguf"), seed: 3, type: GgufTensorType.F16);

        using var client = LlamaCppProvider.CreateGgufChatClient(path);
        var weights = client.GetService<LLamaWeights>();

        Assert.NotNull(weights);
        Assert.Equal("llama", weights.Metadata["general.architecture"]);
        Assert.Equal("tunewise-tiny-random", weights.Metadata["general.name"]);
        Assert.Equal(TinyLlamaModel.Embedding, weights.EmbeddingSize);
        Assert.Equal(256 + 8 + 3, weights.Vocab.Count);
        Assert.Equal(TinyLlamaModel.ContextLength, weights.ContextSize);
    }

    [Fact]
    public async Task Header_magic_is_the_ascii_letters_GGUF()
    {
        using var directory = new TempDirectory();
        var path = directory.File("empty.gguf");
        await new GgufWriter("llama").WriteAsync(path);

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal("GGUF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }
}
