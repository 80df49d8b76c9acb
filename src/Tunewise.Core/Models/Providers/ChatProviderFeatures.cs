namespace Tunewise.Models.Providers;

/// <summary>
/// What a provider client does with the parts of <c>ChatOptions</c> that not every API has. Available
/// through <c>IChatClient.GetService&lt;ChatProviderFeatures&gt;()</c>, so reports can say how an arm's
/// JSON format or seed was honoured.
/// </summary>
/// <param name="Json">Handling of <c>ChatResponseFormat.Json</c> without a schema.</param>
/// <param name="JsonSchema">Handling of a JSON response format that carries a schema.</param>
/// <param name="Seed">Whether <c>ChatOptions.Seed</c> reaches the model.</param>
/// <param name="Notes">Anything else a user comparing providers should know.</param>
public sealed record ChatProviderFeatures(JsonModeSupport Json, JsonModeSupport JsonSchema, bool Seed, string Notes = "");
