using System.Globalization;
using Tunewise.Statistics;

namespace Tunewise.Lab.World;

/// <summary>The behaviour task: a support message to a JSON object in a fixed house format.</summary>
internal static class SupportTickets
{
    public static readonly string[] Intents = ["refund", "cancel", "delivery", "billing", "login", "other"];
    public static readonly string[] Priorities = ["low", "normal", "high"];

    private static readonly string[] Products =
        ["kettle", "desk lamp", "backpack", "headphones", "coffee grinder", "yoga mat", "phone case", "water bottle", "toaster", "keyboard"];
    private static readonly string[] Customers = ["Maria", "Tom", "Priya", "Lukas", "Sofia", "Omar", "Chen", "Fatima", "Jack", "Nina"];
    private static readonly string[] Greetings = ["Hi,", "Hello,", "Dear support,", "Hey there,", "Good morning,", ""];
    private static readonly string[] Closings = ["Thanks.", "Best regards,", "Cheers.", "Thank you in advance.", ""];

    private static readonly Dictionary<string, string[]> Bodies = new()
    {
        ["refund"] = ["I would like my money back for the {product}{order}.", "The {product}{order} is broken, please refund me.", "Can I get a refund for the {product}{order}?"],
        ["cancel"] = ["Please cancel my order{order} for the {product}.", "I changed my mind, cancel the {product}{order}.", "I want to cancel{order} before it ships."],
        ["delivery"] = ["My {product}{order} has not arrived yet.", "Where is my package{order}? The tracking has not moved.", "The {product}{order} was delivered to the wrong address."],
        ["billing"] = ["I was charged twice for the {product}{order}.", "My invoice{order} shows the wrong amount.", "Why is there an extra fee on my card{order}?"],
        ["login"] = ["I cannot log in to my account.", "The password reset email never arrives.", "My account is locked after too many attempts."],
        ["other"] = ["Do you sell gift cards?", "What colours does the {product} come in?", "Are your stores open on Sunday?"],
    };

    private static readonly string[] Urgent = ["This is urgent!", "I need this fixed today.", "Please hurry, this is the third time I write."];
    private static readonly string[] Relaxed = ["No rush.", "Whenever you have time.", "Just curious."];

    public const string Instruction =
        "Read the customer support message and answer with one JSON object and nothing else, with exactly these fields in this order: " +
        "\"intent\" (one of refund, cancel, delivery, billing, login, other), " +
        "\"priority\" (high if the customer says it is urgent, low if they say there is no rush, else normal), " +
        "\"order_id\" (the order number such as \"A123\" if the message gives one, else null), " +
        "\"product\" (the product named in the message, else null). No spaces outside strings.";

    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "properties": {
            "intent": { "enum": ["refund", "cancel", "delivery", "billing", "login", "other"] },
            "priority": { "enum": ["low", "normal", "high"] },
            "order_id": { "type": ["string", "null"], "pattern": "^[A-Z][0-9]{3,5}$" },
            "product": { "type": ["string", "null"] }
          },
          "required": ["intent", "priority", "order_id", "product"],
          "additionalProperties": false
        }

        """;

    /// <summary>One drawn support message and the facts behind it (product only when the message names it).</summary>
    public sealed record Ticket(string Intent, string Priority, string? OrderId, string? Product, string Message);

    /// <summary>The world-v1 example: the message and its house JSON.</summary>
    public static WorldExample Make(DeterministicRandom rng, string id)
    {
        var t = Draw(rng);
        return new WorldExample(id, t.Intent, t.Message, Gold(t.Intent, t.Priority, t.OrderId, t.Product));
    }

    public static Ticket Draw(DeterministicRandom rng)
    {
        var intent = rng.Pick(Intents);
        var template = rng.Pick(Bodies[intent]);
        var product = rng.Pick(Products);
        string? orderId = intent != "login" && rng.NextInt(3) > 0
            ? $"{(char)('A' + rng.NextInt(6))}{rng.NextInt(100, 100000).ToString(CultureInfo.InvariantCulture)}"
            : null;
        var body = template
            .Replace("{product}", product, StringComparison.Ordinal)
            .Replace("{order}", orderId is null ? "" : rng.Pick(new[] { $" (order {orderId})", $" #{orderId}", $", order number {orderId}," }), StringComparison.Ordinal)
            .Replace(",.", ".", StringComparison.Ordinal).Replace(", ", ", ", StringComparison.Ordinal);
        var priority = rng.NextInt(4) switch { 0 => "high", 1 => "low", _ => "normal" };
        var mood = priority switch { "high" => rng.Pick(Urgent), "low" => rng.Pick(Relaxed), _ => "" };
        var parts = new[] { rng.Pick(Greetings), body, mood, rng.Pick(Closings), rng.NextInt(2) == 0 ? rng.Pick(Customers) : "" };
        var message = string.Join(' ', parts.Where(p => p.Length > 0));
        var mentionsProduct = template.Contains("{product}", StringComparison.Ordinal);
        return new Ticket(intent, priority, orderId, mentionsProduct ? product : null, message);
    }

    public static string Gold(string intent, string priority, string? orderId, string? product) => WorldText.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("intent", intent);
        w.WriteString("priority", priority);
        if (orderId is null) w.WriteNull("order_id"); else w.WriteString("order_id", orderId);
        if (product is null) w.WriteNull("product"); else w.WriteString("product", product);
        w.WriteEndObject();
    });

    /// <summary>Replaces the intent of the gold answer by a different label.</summary>
    public static WorldExample Corrupt(DeterministicRandom rng, WorldExample example)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(example.Expected);
        var root = doc.RootElement;
        var wrong = Intents.Where(i => i != root.GetProperty("intent").GetString()).ToList();
        var orderId = root.GetProperty("order_id").GetString();
        var product = root.GetProperty("product").GetString();
        return example with { Expected = Gold(rng.Pick(wrong), root.GetProperty("priority").GetString()!, orderId, product) };
    }
}
