using Tunewise.LlamaCpp.Gguf;
using Tunewise.Testing;

namespace Tunewise.LlamaCpp.Tests;

public sealed class GgufErrorTests
{
    [Fact]
    public void Missing_file_names_the_path()
    {
        using var directory = new TempDirectory();
        var path = directory.File("nope.gguf");

        var error = Assert.Throws<GgufModelException>(() => LlamaCppProvider.CreateGgufChatClient(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<UserInputException>(error);
    }

    [Fact]
    public async Task A_file_that_is_not_gguf_is_refused_before_native_code_sees_it()
    {
        using var directory = new TempDirectory();
        var path = directory.File("model.safetensors");
        await File.WriteAllTextAsync(path, "{\"__metadata__\": {}}");

        var error = Assert.Throws<GgufModelException>(() => LlamaCppProvider.CreateGgufChatClient(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a GGUF file", error.Message, StringComparison.Ordinal);
        Assert.Contains("'GGUF'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_truncated_and_unsupported_versions_are_named()
    {
        using var directory = new TempDirectory();
        var empty = directory.File("empty.gguf");
        await File.WriteAllBytesAsync(empty, []);
        var truncated = directory.File("truncated.gguf");
        await File.WriteAllBytesAsync(truncated, [.. "GGUF"u8, 3, 0]);
        var future = directory.File("future.gguf");
        await File.WriteAllBytesAsync(future, [.. "GGUF"u8, 9, 0, 0, 0, .. new byte[16]]);

        Assert.Contains("the file is empty", Assert.Throws<GgufModelException>(() => GgufHeader.Read(empty)).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<GgufModelException>(() => GgufHeader.Read(truncated)).Message, StringComparison.Ordinal);
        Assert.Contains("version 9", Assert.Throws<GgufModelException>(() => GgufHeader.Read(future)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_gguf_file_fails_with_llama_cpps_reason()
    {
        using var directory = new TempDirectory();
        var path = directory.File("corrupt.gguf");
        // A valid header that promises metadata which is not there.
        await File.WriteAllBytesAsync(path, [.. "GGUF"u8, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);

        var error = Assert.Throws<GgufModelException>(() => LlamaCppProvider.CreateGgufChatClient(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("could not load", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Native_load_failure_says_what_is_missing()
    {
        var message = NativeRuntime.DescribeLoadFailure(new TypeInitializationException("LLama.Native.NativeApi",
            new DllNotFoundException("libllama.so: cannot open shared object file: No such file or directory")));

        Assert.Contains("LLamaSharp.Backend.Cpu", message, StringComparison.Ordinal);
        Assert.Contains("libllama.so: cannot open shared object file", message, StringComparison.Ordinal);
        Assert.Contains("runtimes/", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_library_loads_on_this_machine_answers_calls_and_its_complaints_are_kept_for_errors()
    {
        Assert.Null(Record.Exception(NativeRuntime.EnsureLoaded));
        // A real call into libllama, not only a successful load.
        Assert.True(LLama.Native.NativeApi.llama_max_devices() >= 1);

        // llama.cpp's own errors go to the in-memory tail that load errors quote, not to the console.
        using var directory = new TempDirectory();
        var path = directory.File("corrupt.gguf");
        await File.WriteAllBytesAsync(path, [.. "GGUF"u8, 3, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]);
        var mark = NativeRuntime.Mark;
        var error = Assert.Throws<GgufModelException>(() => LlamaCppProvider.CreateGgufChatClient(path));
        Assert.NotEqual("", NativeRuntime.ErrorsSince(mark));
        Assert.Contains("llama.cpp said: ", error.Message, StringComparison.Ordinal);
    }
}
