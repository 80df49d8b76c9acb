using Tunewise.Models;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Models;

public class ModelReferenceTests
{
    [Theory]
    [InlineData("openai:gpt-4o-mini", "openai", "gpt-4o-mini")]
    [InlineData("anthropic:claude-sonnet-4-5", "anthropic", "claude-sonnet-4-5")]
    [InlineData("ollama:llama3.1:8b", "ollama", "llama3.1:8b")]
    [InlineData("gguf:path/to/x.gguf", "gguf", "path/to/x.gguf")]
    [InlineData("lab:tw-base", "lab", "tw-base")]
    [InlineData("lab:runs/ckpt-3", "lab", "runs/ckpt-3")]
    [InlineData(" OpenAI:gpt-4o ", "openai", "gpt-4o")]
    public void Parses_the_short_form(string text, string provider, string model)
    {
        var reference = ModelReference.Parse(text);

        Assert.Equal(provider, reference.Provider);
        Assert.Equal(model, reference.Model);
        Assert.Equal($"{provider}:{model}", reference.Id);
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("openai:")]
    [InlineData(":gpt-4o")]
    [InlineData(@"C:\models\x.gguf")]
    [InlineData("")]
    public void Rejects_text_that_is_not_provider_colon_model_and_shows_examples(string text)
    {
        var error = Assert.Throws<UserInputException>(() => ModelReference.Parse(text));

        Assert.Contains("provider:model", error.Message);
        Assert.Contains("openai:gpt-4o-mini", error.Message);
    }

    [Fact]
    public void The_object_form_carries_endpoint_key_variable_and_price()
    {
        var reference = new ModelReference("openai-compatible", "qwen2.5-7b")
        {
            BaseUrl = "http://127.0.0.1:8000/v1",
            ApiKeyEnv = "MY_KEY",
            PriceOverride = new ModelPrice(0.2m, 0.6m),
        };

        Assert.Equal("openai-compatible:qwen2.5-7b", reference.Id);
        Assert.Equal(0.2m, ModelCatalog.Default.PriceFor(reference)!.InputPerMTok);
    }
}
