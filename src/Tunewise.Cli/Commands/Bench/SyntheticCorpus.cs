using System.Text;
using Tunewise.Data;
using Tunewise.Retrieval;

namespace Tunewise.Cli.Commands.Bench;

/// <summary>
/// Documents about made-up entities, each with one planted fact ("X was founded in Y by Z") among
/// filler sentences that also mention other entities, so the right answer competes with distractors.
/// </summary>
internal static class SyntheticCorpus
{
    private static readonly string[] Syllables =
        ["zor", "kav", "mip", "tul", "bex", "dran", "quo", "fiz", "lum", "vek", "gor", "pash", "nib", "rux", "sol", "tiv", "wam", "yad", "hok", "jup", "crem", "blit", "snov", "grep"];

    private static readonly string[] Filler =
    [
        "The {0} trade routes cross the northern hills and the river plain.",
        "Merchants from {0} arrive every spring with wool, salt and copper.",
        "Local records describe harsh winters and long dry summers.",
        "The council meets twice a year to settle disputes over water rights.",
        "Travellers often compare it with {0}, although the two differ in size.",
        "Its market square is paved with grey stone quarried nearby.",
        "A small museum keeps maps, coins and letters from the early years.",
        "Farmers grow barley, beans and apples on the terraced slopes.",
    ];

    /// <summary>A unique made-up name for every index below 24⁴.</summary>
    public static string EntityName(int index)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 4; i++)
        {
            builder.Append(Syllables[index % Syllables.Length]);
            index /= Syllables.Length;
        }
        builder[0] = char.ToUpperInvariant(builder[0]);
        return builder.ToString();
    }

    /// <summary>
    /// Even-numbered questions name the entity ("Who founded X?"); odd ones name only the founder,
    /// whose name is also another entity's name, so that entity's document is a strong distractor.
    /// </summary>
    public static (List<SourceDocument> Documents, List<(string Question, string GoldId)> Questions) Generate(int count, int questionCount, int seed)
    {
        var random = new Random(seed);
        var documents = new List<SourceDocument>(count);
        var facts = new (string Name, string Founder)[count];
        for (var i = 0; i < count; i++)
        {
            var name = EntityName(i);
            var founder = EntityName((i * 7919 + 13) % (int)Math.Pow(Syllables.Length, 4));
            facts[i] = (name, founder);
            var text = new StringBuilder();
            text.Append(name).Append(" is a settlement described in the regional survey. ");
            var factPosition = random.Next(4);
            for (var s = 0; s < 5; s++)
            {
                if (s == factPosition)
                    text.Append(name).Append(" was founded in ").Append(1500 + random.Next(400)).Append(" by ").Append(founder).Append(". ");
                text.AppendFormat(Filler[random.Next(Filler.Length)], EntityName(random.Next(count))).Append(' ');
            }
            var id = $"doc-{i:000000}.md";
            documents.Add(new SourceDocument(id, text.ToString().Trim(), new SourceLocation(id, 0)));
        }

        var questions = new List<(string, string)>(questionCount);
        for (var q = 0; q < questionCount; q++)
        {
            var i = random.Next(count);
            questions.Add(q % 2 == 0
                ? ($"Who founded {facts[i].Name}, and when?", documents[i].Id)
                : ($"Which settlement did {facts[i].Founder} found?", documents[i].Id));
        }
        return (documents, questions);
    }
}
