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
