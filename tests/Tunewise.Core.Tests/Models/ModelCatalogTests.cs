using Tunewise.Models;
using Tunewise.Studies;

namespace Tunewise.Core.Tests.Models;

public class ModelCatalogTests
{
    [Theory]
    [InlineData("openai", "gpt-4o")]
    [InlineData("openai", "gpt-4o-mini")]
    [InlineData("openai", "gpt-4.1")]
    [InlineData("openai", "gpt-4.1-mini")]
    [InlineData("anthropic", "claude-sonnet-4-5")]
    [InlineData("anthropic", "claude-haiku-4-5")]
    public void Built_in_prices_name_their_source_and_date(string provider, string model)
    {
        var entry = ModelCatalog.Default.Find(provider, model);

        Assert.NotNull(entry);
        Assert.NotNull(entry.Price);
        Assert.True(entry.Price.InputPerMTok > 0 && entry.Price.OutputPerMTok > entry.Price.InputPerMTok);
        Assert.StartsWith("https://", entry.Price.Source);
        Assert.NotNull(entry.Price.AsOf);
        Assert.True(entry.ContextWindow > 0);
    }

    [Fact]
    public void Lab_models_are_priced_by_compute_not_by_a_made_up_token_price()
    {
        var entry = ModelCatalog.Default.Find("lab", "tw-base");

        Assert.NotNull(entry);
        Assert.Null(entry.Price);
        Assert.Equal("compute", entry.PricedBy);
    }

    [Fact]
    public void Unknown_models_have_no_price()
    {
        Assert.Null(ModelCatalog.Default.PriceFor(ModelReference.Parse("ollama:llama3.1:8b")));
    }

    [Fact]
    public void A_study_catalog_overrides_and_extends_the_built_in_one()
    {
        var study = ModelCatalog.Parse("""
            models:
              - provider: openai
                model: gpt-4o
                price: { input_per_mtok: 1.0, output_per_mtok: 4.0, source: contract.pdf, as_of: 2026-01-02 }
              - provider: ollama
                model: llama3.1:8b
                parameters: 8000000000
                price: { input_per_mtok: 0.05, output_per_mtok: 0.05, source: our GPU bill }
            """, "study.yaml");

        var merged = ModelCatalog.Default.WithOverrides(study);

        Assert.Equal(1.0m, merged.PriceFor(ModelReference.Parse("openai:gpt-4o"))!.InputPerMTok);
        Assert.Equal(new DateOnly(2026, 1, 2), merged.Find("openai", "gpt-4o")!.Price!.AsOf);
        Assert.Equal(8_000_000_000, merged.Find("ollama", "llama3.1:8b")!.Parameters);
        Assert.NotNull(merged.Find("openai", "gpt-4o-mini"));
        Assert.Single(merged.Entries, e => e.Id == "openai:gpt-4o");
    }

    [Fact]
    public void A_price_without_output_names_the_entry_and_field()
    {
        var error = Assert.Throws<UserInputException>(() => ModelCatalog.Parse("""
            models:
              - provider: openai
                model: gpt-x
                price: { input_per_mtok: 1.0 }
            """, "study.yaml"));

        Assert.Contains("study.yaml", error.Message);
        Assert.Contains("openai:gpt-x", error.Message);
        Assert.Contains("output_per_mtok", error.Message);
    }

    [Fact]
    public void A_misspelt_field_or_a_word_for_a_number_names_its_line()
    {
        var misspelt = Assert.Throws<UserInputException>(() => ModelCatalog.Parse("""
            models:
              - provider: openai
                model: gpt-x
                contxt_window: 8000
            """, "catalog.yaml"));
        var notANumber = Assert.Throws<UserInputException>(() => ModelCatalog.Parse("""
            models:
              - provider: openai
                model: gpt-x
                price: { input_per_mtok: cheap, output_per_mtok: 1 }
            """, "catalog.yaml"));

        Assert.StartsWith("catalog.yaml:4:", misspelt.Message);
        Assert.Contains("contxt_window", misspelt.Message);
        Assert.StartsWith("catalog.yaml:4:", notANumber.Message);
        Assert.Contains("input_per_mtok", notANumber.Message);
    }

    [Fact]
    public void Cost_uses_the_cached_input_discount()
    {
        var price = new ModelPrice(2.50m, 10.00m) { CachedInputPerMTok = 1.25m };

        // 1M input of which 400k cached, 100k output.
        Assert.Equal(600_000 * 2.50m / 1e6m + 400_000 * 1.25m / 1e6m + 100_000 * 10m / 1e6m, price.CostOf(1_000_000, 400_000, 100_000));
    }
}
