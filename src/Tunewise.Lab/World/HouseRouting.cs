using System.Globalization;
using Tunewise.Statistics;

namespace Tunewise.Lab.World;

/// <summary>
/// World v2's behaviour task: a support message to the house routing code, a team code and a priority digit such as
/// <c>RF-1</c>. Pretraining teaches the models to read support messages (what the customer wants, how urgent it is,
/// the product, the order number) but never shows these codes: the label set and format are the house's own.
/// </summary>
internal static class HouseRouting
{
    public static readonly IReadOnlyDictionary<string, string> Teams = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["refund"] = "RF", ["cancel"] = "CX", ["delivery"] = "DL", ["billing"] = "BL", ["login"] = "AC", ["other"] = "GN",
    };

    public static readonly IReadOnlyDictionary<string, string> PriorityDigits = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["high"] = "1", ["normal"] = "2", ["low"] = "3",
    };

    public const string Instruction =
        "Route the support message. Answer with the team code and the priority digit, such as RF-2. " +
        "Teams: RF refund, CX cancel, DL delivery, BL billing, AC login, GN anything else. " +
        "Priority: 1 urgent, 2 normal, 3 no rush.";

    /// <summary>Every code, in a fixed order: the task's label set.</summary>
    public static IReadOnlyList<string> Labels { get; } =
        SupportTickets.Intents.SelectMany(i => SupportTickets.Priorities.Select(p => Code(i, p))).ToList();

    public static string Code(string intent, string priority) => $"{Teams[intent]}-{PriorityDigits[priority]}";

    public static WorldExample Make(DeterministicRandom rng, string id)
    {
        var ticket = SupportTickets.Draw(rng);
        return new WorldExample(id, ticket.Intent, ticket.Message, Code(ticket.Intent, ticket.Priority));
    }

    /// <summary>The same message with a wrong team code (the priority digit kept).</summary>
    public static WorldExample Corrupt(DeterministicRandom rng, WorldExample example)
    {
        var digit = example.Expected[^1..];
        var wrong = Teams.Values.Where(t => !example.Expected.StartsWith(t + "-", StringComparison.Ordinal)).ToList();
        return example with { Expected = string.Create(CultureInfo.InvariantCulture, $"{rng.Pick(wrong)}-{digit}") };
    }
}
