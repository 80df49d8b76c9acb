using System.Globalization;
using Tunewise.Statistics;

namespace Tunewise.Lab.World;

/// <summary>Fictional towns with invented names, one document each, and questions with the gold document.</summary>
internal static class KnowledgeBase
{
    // Syllables chosen so that invented names never form a word of the skill or ICL vocabularies.
    private static readonly string[] Onsets = ["Qu", "Zv", "Kr", "Vy", "Xa", "Thr", "Gw", "Zh"];
    private static readonly string[] Middles = ["ol", "ex", "yr", "aqu", "ix", "uv", "eth", "oz"];
    private static readonly string[] Codas = ["dor", "quin", "vex", "zar", "mith", "kyl", "brax", "vund"];
    private static readonly string[] GivenNames = ["Ysolde", "Quorin", "Zebadra", "Vexley", "Thalric", "Oxmund", "Kyrith", "Drevna"];
    private static readonly string[] Colours = ["crimson", "teal", "amber", "indigo", "ochre", "jade", "scarlet", "ivory"];
    private static readonly string[] Goods = ["glass beads", "wool blankets", "clockwork toys", "salted fish", "copper pots", "herbal tea", "silk rope", "clay tiles"];

    public sealed record Entity(string Id, string Town, string Mayor, int Founded, string Colour, string Export);

    public static List<Entity> Make(DeterministicRandom rng, int count)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<Entity>();
        while (list.Count < count)
        {
            var town = rng.Pick(Onsets) + rng.Pick(Middles) + rng.Pick(Codas);
            if (!names.Add(town)) continue;
            var mayor = $"{rng.Pick(GivenNames)} {rng.Pick(Onsets)}{rng.Pick(Codas)}";
            list.Add(new Entity($"town-{list.Count:D4}", town, mayor, rng.NextInt(1200, 1950), rng.Pick(Colours), rng.Pick(Goods)));
        }
        return list;
    }

    /// <summary>One entity with the same draws as <see cref="Make"/>, without its uniqueness check (the caller decides).</summary>
    public static Entity Draw(DeterministicRandom rng, string id)
    {
        var town = rng.Pick(Onsets) + rng.Pick(Middles) + rng.Pick(Codas);
        var mayor = $"{rng.Pick(GivenNames)} {rng.Pick(Onsets)}{rng.Pick(Codas)}";
        return new Entity(id, town, mayor, rng.NextInt(1200, 1950), rng.Pick(Colours), rng.Pick(Goods));
    }

    public static string Document(DeterministicRandom rng, Entity e)
    {
        var year = e.Founded.ToString(CultureInfo.InvariantCulture);
        var sentences = new List<string>
        {
            rng.NextInt(2) == 0 ? $"{e.Town} was founded in {year}." : $"The town of {e.Town} dates from {year}.",
            rng.NextInt(2) == 0 ? $"Its mayor is {e.Mayor}." : $"{e.Mayor} serves as mayor of {e.Town}.",
            rng.NextInt(2) == 0 ? $"The town flag is {e.Colour}." : $"{e.Town} is known for its {e.Colour} flag.",
            rng.NextInt(2) == 0 ? $"Its main export is {e.Export}." : $"Traders come to {e.Town} for its {e.Export}.",
        };
        rng.Shuffle(sentences);
        return $"# {e.Town}\n\n{string.Join(' ', sentences)}\n";
    }


    public static IEnumerable<WorldExample> Questions(Entity e)
    {
        yield return new(e.Id + "-founded", e.Id, $"In which year was {e.Town} founded?", e.Founded.ToString(CultureInfo.InvariantCulture));
        yield return new(e.Id + "-mayor", e.Id, $"Who is the mayor of {e.Town}?", e.Mayor);
        yield return new(e.Id + "-colour", e.Id, $"What colour is the flag of {e.Town}?", e.Colour);
        yield return new(e.Id + "-export", e.Id, $"What is the main export of {e.Town}?", e.Export);
    }
}
