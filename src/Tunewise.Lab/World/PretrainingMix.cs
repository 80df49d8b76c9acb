using System.Text;
using Tunewise.Retrieval;
using Tunewise.Statistics;

namespace Tunewise.Lab.World;

/// <summary>
/// World v2's pretraining examples: the base capabilities a study assumes a base model has, never its tasks.
/// <list type="bullet">
/// <item>general skills (the forgetting suite's families) and in-context episodes, as in v1;</item>
/// <item>in-context episodes in the exact form a prompting arm renders demonstrations (<c>Examples:</c>, <c>Input:</c>,
/// <c>Answer:</c>, then the instruction and the query), so few-shot prompts are a format the models know;</item>
/// <item>questions answered from passages in the exact form a retrieval arm renders <c>{{context}}</c>
/// (<c>[1] (doc-id)</c> headers, one to three passages), about towns that are not the knowledge task's;</item>
/// <item>reading support messages: what the customer wants, how urgent it is, the product and the order number,
/// as plain questions and as few-shot episodes. The house routing codes of the behaviour task never appear, and no
/// message of the behaviour task's splits is used.</item>
/// </list>
/// </summary>
internal sealed class PretrainingMix
{
    private static readonly string[] RuleInstructions =
        ["Apply the rule of the examples to this word.", "Answer like the examples.", "Do the same for this word.", "Follow the examples."];

    private static readonly string[] PassageInstructions =
        ["Answer from the passage.", "Read the passage and answer the question.", "Use the passage to answer.", "Answer from the passages."];

    private static readonly (string Question, Func<SupportTickets.Ticket, string> Answer)[] ReadingQuestions =
    [
        ("What does the customer want? Answer with one word: refund, cancel, delivery, billing, login or other.", t => t.Intent),
        ("How urgent is the message? Answer high, normal or low.", t => t.Priority),
        ("Which product does the message name? Answer none if it names none.", t => t.Product ?? "none"),
        ("What is the order number in the message? Answer none if there is none.", t => t.OrderId ?? "none"),
    ];

    private readonly IReadOnlyList<string> _seenIclFamilies;
    private readonly HashSet<string> _excludedTowns;
    private readonly HashSet<string> _excludedMessages;

    /// <param name="excludedTowns">Town and mayor names of the knowledge task: their facts live only in its documents.</param>
    /// <param name="excludedMessages">The behaviour task's messages, never read in pretraining.</param>
    public PretrainingMix(IReadOnlyList<string> seenIclFamilies, IEnumerable<string> excludedTowns, IEnumerable<string> excludedMessages)
    {
        _seenIclFamilies = seenIclFamilies;
        _excludedTowns = excludedTowns.ToHashSet(StringComparer.Ordinal);
        _excludedMessages = excludedMessages.ToHashSet(StringComparer.Ordinal);
    }

    public WorldExample Next(DeterministicRandom rng, string id)
    {
        var draw = rng.NextInt(100);
        return draw switch
        {
            < 30 => GeneralSkills.Make(rng, rng.Pick(GeneralSkills.Families), id),
            < 38 => IclFamilies.Episode(rng, rng.Pick(_seenIclFamilies), id, rng.NextInt(2, 9)),
            < 47 => RenderedRuleEpisode(rng, id),
            < 82 => PassageQuestion(rng, id),
            < 91 => ReadingQuestion(rng, id),
            _ => ReadingEpisode(rng, id),
        };
    }

    /// <summary>Demonstrations as a prompting arm renders them: "Examples:", then "Input: x" / "Answer: y" pairs, then the instruction and the query.</summary>
    public static string Demonstrations(IEnumerable<(string Input, string Answer)> pairs)
    {
        var text = new StringBuilder("Examples:\n\n");
        foreach (var (input, answer) in pairs) text.Append("Input: ").Append(input).Append("\nAnswer: ").Append(answer).Append("\n\n");
        return text.ToString();
    }

    private WorldExample RenderedRuleEpisode(DeterministicRandom rng, string id)
    {
        var family = rng.Pick(_seenIclFamilies);
        var words = GeneralSkills.Words.ToList();
        rng.Shuffle(words);
        var k = rng.NextInt(2, 9);
        var demos = words.Take(k).Select(w => (w, IclFamilies.Apply(family, w)));
        var query = words[k];
        return new WorldExample(id, family, $"{Demonstrations(demos)}{rng.Pick(RuleInstructions)}\n\n{query}", IclFamilies.Apply(family, query));
    }

    private WorldExample PassageQuestion(DeterministicRandom rng, string id)
    {
        var count = rng.NextInt(3) switch { 0 => 1, 1 => 1, _ => rng.NextInt(2, 4) };
        var entities = new List<KnowledgeBase.Entity>();
        while (entities.Count < count)
        {
            var e = KnowledgeBase.Draw(rng, $"town-{rng.NextInt(1000, 10000):D4}");
            if (_excludedTowns.Contains(e.Town) || _excludedTowns.Contains(e.Mayor) || entities.Any(x => x.Town == e.Town)) continue;
            entities.Add(e);
        }
        var passages = entities.Select(e => new RetrievedPassage(e.Id + (rng.NextInt(2) == 0 ? ".md" : ".txt"), 0, KnowledgeBase.Document(rng, e), 1)).ToList();
        var asked = rng.Pick(entities);
        var question = rng.Pick(KnowledgeBase.Questions(asked).ToList());
        var context = new ContextRenderer().RenderContext(passages);
        return new WorldExample(id, "passage", $"{rng.Pick(PassageInstructions)}\nPassage: {context}\nQuestion: {question.Input}", question.Expected);
    }

    private SupportTickets.Ticket Ticket(DeterministicRandom rng)
    {
        while (true)
        {
            var ticket = SupportTickets.Draw(rng);
            if (!_excludedMessages.Contains(ticket.Message)) return ticket;
        }
    }

    private WorldExample ReadingQuestion(DeterministicRandom rng, string id)
    {
        var ticket = Ticket(rng);
        var (question, answer) = rng.Pick(ReadingQuestions);
        return rng.NextInt(2) == 0
            ? new WorldExample(id, "reading", $"{question}\n\n{ticket.Message}", answer(ticket))
            : new WorldExample(id, "reading", $"Message: {ticket.Message}\nQuestion: {question}", answer(ticket));
    }

    private WorldExample ReadingEpisode(DeterministicRandom rng, string id)
    {
        var (question, answer) = rng.Pick(ReadingQuestions);
        var demos = Enumerable.Range(0, rng.NextInt(2, 7)).Select(_ => Ticket(rng)).Select(t => (t.Message, answer(t))).ToList();
        var query = Ticket(rng);
        var instruction = rng.NextInt(2) == 0 ? question : rng.Pick(RuleInstructions);
        return new WorldExample(id, "reading-icl", $"{Demonstrations(demos)}{instruction}\n\n{query.Message}", answer(query));
    }
}
