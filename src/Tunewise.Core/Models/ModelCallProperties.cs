using Microsoft.Extensions.AI;

namespace Tunewise.Models;

/// <summary>
/// Keys Tunewise reads from <see cref="ChatOptions.AdditionalProperties"/> and writes to
/// <see cref="ChatResponse.AdditionalProperties"/>, and helpers to use them.
/// </summary>
public static class ModelCallProperties
{
    /// <summary>Which repeat of a sampled call this is; part of the cache key when temperature is not 0.</summary>
    public const string RepeatIndex = "tunewise.repeat";

    /// <summary>Extra cache-key text for one call (for example a prompt version).</summary>
    public const string CacheKeyPart = "tunewise.cache_key";

    public const string CacheHit = "tunewise.cache_hit";
    public const string Attempts = "tunewise.attempts";
    public const string Call = "tunewise.call";

    /// <summary>
    /// Which latency group a call belongs to (a study's arm), so it is timed against calls like it; see
    /// <see cref="Middleware.AdaptiveTimeoutGroups"/>. Never part of the cache key.
    /// </summary>
    public const string LatencyGroup = "tunewise.latency_group";

    /// <summary>Duplicate requests hedging sent for the final attempt (their usage is never counted).</summary>
    public const string HedgedRequests = "tunewise.hedged";

    /// <summary>Returns <paramref name="options"/> (or new options) marked as repeat number <paramref name="index"/>.</summary>
    public static ChatOptions WithRepeatIndex(this ChatOptions? options, int index)
    {
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[RepeatIndex] = index;
        return options;
    }

    /// <summary>
    /// The only texts the model may answer with (<c>constrain: labels</c>), as a JSON array of strings: part of the cache key,
    /// and read by each provider that can restrict decoding (a token trie, a grammar, a JSON-schema enum). A provider that
    /// cannot must refuse the call, never answer unconstrained.
    /// </summary>
    public const string AllowedOutputs = "tunewise.allowed_outputs";

    /// <summary>Returns <paramref name="options"/> (or new options) restricted to answering with one of <paramref name="outputs"/>.</summary>
    public static ChatOptions WithAllowedOutputs(this ChatOptions? options, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
            throw new ArgumentException("a constrained call needs at least one allowed output", nameof(outputs));
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var output in outputs)
                json.WriteStringValue(output);
            json.WriteEndArray();
        }
        options.AdditionalProperties[AllowedOutputs] = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        return options;
    }

    /// <summary>The outputs a call is restricted to, or null when it is unconstrained.</summary>
    public static IReadOnlyList<string>? GetAllowedOutputs(this ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(AllowedOutputs, out var value) != true || value is not string text)
            return null;
        using var document = System.Text.Json.JsonDocument.Parse(text);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? string.Empty)];
    }

    /// <summary>
    /// Completion mode: the call's one user message is plain text for the model to continue, sent with no chat template
    /// (the tokenizer's own special tokens only, as <c>tokenizer(text)</c> in transformers; <c>/v1/completions</c> on an
    /// OpenAI-compatible server). Part of the cache key. A provider without a completion mode must refuse the call.
    /// </summary>
    public const string RawCompletion = "tunewise.raw";

    /// <summary>Returns <paramref name="options"/> (or new options) in completion mode (<see cref="RawCompletion"/>).</summary>
    public static ChatOptions WithRawCompletion(this ChatOptions? options)
    {
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[RawCompletion] = true;
        return options;
    }

    /// <summary>Whether the call is in completion mode.</summary>
    public static bool IsRawCompletion(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RawCompletion, out var value) == true && value is true;

    /// <summary>The text a completion-mode call continues: its one user message; anything else is refused.</summary>
    public static string RawCompletionText(IReadOnlyList<ChatMessage> messages) =>
        messages is [{ } only] && only.Role == ChatRole.User
            ? only.Text
            : throw new NotSupportedException($"a completion-mode call sends one text (one user message), not {messages.Count} message(s) with roles {string.Join(", ", messages.Select(m => m.Role.Value))}");

    /// <summary>Returns <paramref name="options"/> (or new options) in latency group <paramref name="group"/>.</summary>
    public static ChatOptions WithLatencyGroup(this ChatOptions? options, string group)
    {
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[LatencyGroup] = group;
        return options;
    }

    public static string? GetLatencyGroup(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(LatencyGroup, out var value) == true ? value as string : null;

    public static int GetRepeatIndex(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RepeatIndex, out var value) == true ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>The accounting record the pipeline attached to this response, if it ran through one.</summary>
    public static CallRecord? GetCallRecord(this ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(Call, out var value) == true ? value as CallRecord : null;

    internal static bool IsTunewiseKey(string key) => key.StartsWith("tunewise.", StringComparison.Ordinal);
}
