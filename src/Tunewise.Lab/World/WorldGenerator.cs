using System.Globalization;
using System.Text;
using Tunewise.Statistics;

namespace Tunewise.Lab.World;

/// <summary>
/// Writes the synthetic lab world for a seed and version: pretraining corpus, general-skill eval suite, ICL episodes,
/// the behaviour task (support message to house JSON), the knowledge task and its documents, study files and a manifest.
/// The same options always give byte-identical files.
/// </summary>
public sealed class WorldGenerator(WorldOptions options)
{
    public WorldOptions Options { get; } = options;

    /// <summary>Writes every artefact into <paramref name="directory"/> and the manifest beside them.</summary>
    public WorldManifest WriteAll(string directory, CancellationToken cancellationToken = default) =>
        Write(directory, withPretraining: true, cancellationToken);

    /// <summary>Everything a study needs (tasks, documents, suites, study files), without the pretraining corpus.</summary>
    public WorldManifest WriteTasks(string directory, CancellationToken cancellationToken = default) =>
        Write(directory, withPretraining: false, cancellationToken);

    private WorldManifest Write(string directory, bool withPretraining, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        WriteGeneralEval(directory);
        WriteIcl(directory);
        WriteBehaviour(directory);
        WriteKnowledge(directory);
        if (withPretraining) WritePretraining(directory, cancellationToken);
        WriteStudies(directory);
        var manifest = WorldManifest.Build(directory, Options);
        manifest.Write(directory);
        return manifest;
    }

    // Each artefact draws from its own stream, so changing one size does not reshuffle the others.
    private DeterministicRandom Stream(int index) => DeterministicRandom.SplitMix64(Options.Seed * 0x100000001B3UL + (ulong)Options.Version * 1_000_003UL + (ulong)index);

    public void WriteGeneralEval(string directory) =>
        WorldText.WriteJsonl(Path.Combine(directory, "general", "eval.jsonl"), GeneralEval());

    /// <summary>The general-skills suite (<c>general/eval.jsonl</c>) in memory.</summary>
    public IReadOnlyList<WorldExample> GeneralEval()
    {
        var rng = Stream(1);
        return GeneralSkills.Families.SelectMany(f =>
            Enumerable.Range(0, Options.GeneralEvalPerFamily).Select(i => GeneralSkills.Make(rng, f, $"general-{f}-{i:D3}"))).ToList();
    }

    public void WriteIcl(string directory)
    {
        var rng = Stream(2);
        var seen = IclFamilies.Families.Where(f => !Options.HeldOutIclFamilies.Contains(f)).ToList();
        WorldText.WriteJsonl(Path.Combine(directory, "icl", "eval-seen.jsonl"), Episodes(rng, seen, "icl-seen"));
        WorldText.WriteJsonl(Path.Combine(directory, "icl", "eval-heldout.jsonl"), Episodes(rng, Options.HeldOutIclFamilies, "icl-heldout"));
    }

    private List<WorldExample> Episodes(DeterministicRandom rng, IEnumerable<string> families, string prefix) =>
        families.SelectMany(f => Enumerable.Range(0, Options.IclEvalPerFamily)
            .Select(i => IclFamilies.Episode(rng, f, $"{prefix}-{f}-{i:D3}", rng.NextInt(2, 9)))).ToList();

    public void WriteBehaviour(string directory)
    {
        var rng = Stream(3);
        var dir = Path.Combine(directory, "behaviour");
        var total = Options.BehaviourTrain + Options.BehaviourDev + Options.BehaviourTest;
        var all = Enumerable.Range(0, total).Select(i => MakeTicket(rng, $"ticket-{i:D5}")).ToList();
        var train = all.Take(Options.BehaviourTrain).ToList();
        WorldText.WriteJsonl(Path.Combine(dir, "train.jsonl"), train);
        WorldText.WriteChatJsonl(Path.Combine(dir, "train.chat.jsonl"), train);
        WorldText.WriteJsonl(Path.Combine(dir, "dev.jsonl"), all.Skip(Options.BehaviourTrain).Take(Options.BehaviourDev));
        WorldText.WriteJsonl(Path.Combine(dir, "test.jsonl"), all.Skip(Options.BehaviourTrain + Options.BehaviourDev));
        if (Options.Version == 1)
        {
            WorldText.WriteAll(Path.Combine(dir, "instruction.txt"), SupportTickets.Instruction + "\n");
            WorldText.WriteAll(Path.Combine(dir, "schema.json"), SupportTickets.Schema);
        }
        else
        {
            WorldText.WriteAll(Path.Combine(dir, "instruction.txt"), HouseRouting.Instruction + "\n");
            WorldText.WriteAll(Path.Combine(dir, "labels.txt"), string.Concat(HouseRouting.Labels.Select(l => l + "\n")));
        }

        // Quality over quantity: a small clean set and a 10x larger set with an exact share of wrong intents.
        var noisyRng = Stream(4);
        var clean = Enumerable.Range(0, Options.NoisyCleanSize).Select(i => MakeTicket(noisyRng, $"clean-{i:D5}")).ToList();
        WorldText.WriteJsonl(Path.Combine(dir, "clean-small.jsonl"), clean);
        var large = Enumerable.Range(0, Options.NoisyCleanSize * 10).Select(i => MakeTicket(noisyRng, $"noisy-{i:D5}")).ToList();
        var order = Enumerable.Range(0, large.Count).ToList();
        noisyRng.Shuffle(order);
        var corrupted = order.Take(CorruptedCount(large.Count)).ToHashSet();
        var noisy = large.Select((e, i) => corrupted.Contains(i) ? (Options.Version == 1 ? SupportTickets.Corrupt(noisyRng, e) : HouseRouting.Corrupt(noisyRng, e)) : e).ToList();
        var corruptedIds = corrupted.Select(i => large[i].Id).ToHashSet(StringComparer.Ordinal);
        WorldText.WriteJsonl(Path.Combine(dir, "noisy-large.jsonl"), noisy, (w, e) => w.WriteBoolean("corrupted", corruptedIds.Contains(e.Id)));
    }

    /// <summary>World v1's behaviour examples end in house JSON; v2's in a house routing code.</summary>
    private WorldExample MakeTicket(DeterministicRandom rng, string id) =>
        Options.Version == 1 ? SupportTickets.Make(rng, id) : HouseRouting.Make(rng, id);

    public int CorruptedCount(int size) => (int)Math.Round(size * Options.NoisyShare, MidpointRounding.AwayFromZero);

    public void WriteKnowledge(string directory)
    {
        var rng = Stream(5);
        var entities = KnowledgeBase.Make(rng, Options.KnowledgeEntities);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var documents = new List<WorldExample>();
        foreach (var e in entities)
        {
            var file = e.Id + (rng.NextInt(2) == 0 ? ".md" : ".txt");
            files[e.Id] = file;
            var text = KnowledgeBase.Document(rng, e);
            WorldText.WriteAll(Path.Combine(directory, "documents", file), text);
            documents.Add(new WorldExample(e.Id, e.Id, $"What do you know about {e.Town}?", text.Split("\n\n", 2)[1].Trim()));
        }
        // The documents as training data, for fine-tuning the knowledge in (against retrieving it).
        WorldText.WriteJsonl(Path.Combine(directory, "knowledge", "documents-train.jsonl"), documents);
        var questions = entities.SelectMany(KnowledgeBase.Questions).ToList();
        // gold_doc names the document (its path under documents/) that holds the answer: retrieval recall and the oracle arm use it.
        WorldText.WriteJsonl(Path.Combine(directory, "knowledge", "questions.jsonl"), questions, (w, e) => w.WriteString("gold_doc", files[e.Family]));
        WorldText.WriteAll(Path.Combine(directory, "knowledge", "entities.txt"),
            string.Concat(entities.Select(e => $"{e.Town}\n{e.Mayor}\n")));
    }

    public void WritePretraining(string directory, CancellationToken cancellationToken = default)
    {
        var rng = Stream(6);
        var seen = IclFamilies.Families.Where(f => !Options.HeldOutIclFamilies.Contains(f)).ToList();
        var mix = Options.Version == 1 ? null : new PretrainingMix(seen, KnowledgeNames(), BehaviourMessages());
        var text = new StringBuilder();
        var n = 0;
        while (text.Length < Options.PretrainingCharacters)
        {
            if (n % 1000 == 0) cancellationToken.ThrowIfCancellationRequested();
            var id = $"pre-{n++:D7}";
            var example = mix is not null ? mix.Next(rng, id)
                : rng.NextInt(2) == 0
                    ? GeneralSkills.Make(rng, rng.Pick(GeneralSkills.Families), id)
                    : IclFamilies.Episode(rng, rng.Pick(seen), id, rng.NextInt(2, 9));
            text.Append(ChatMarkers.Document).Append('\n').Append(ChatMarkers.Turn(example.Input, example.Expected));
        }
        var corpus = text.ToString();
        WorldText.WriteAll(Path.Combine(directory, "pretraining", "corpus.txt"), corpus);
        var counts = new SortedDictionary<int, long>();
        foreach (var rune in corpus.EnumerateRunes()) counts[rune.Value] = counts.GetValueOrDefault(rune.Value) + 1;
        WorldText.WriteAll(Path.Combine(directory, "pretraining", "inventory.json"), WorldText.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("special_tokens");
            foreach (var m in ChatMarkers.All) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteStartArray("characters");
            foreach (var (code, count) in counts)
            {
                w.WriteStartObject();
                w.WriteString("char", char.ConvertFromUtf32(code));
                w.WriteNumber("code", code);
                w.WriteNumber("count", count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }) + "\n");
    }

    /// <summary>Town and mayor names of the knowledge task at its largest size: kept out of pretraining.</summary>
    private IEnumerable<string> KnowledgeNames() =>
        KnowledgeBase.Make(Stream(5), Math.Max(Options.KnowledgeEntities, new WorldOptions().KnowledgeEntities)).SelectMany(e => new[] { e.Town, e.Mayor });

    /// <summary>Every message of the behaviour task's splits and of the quality sets, at their largest sizes: kept out of pretraining.</summary>
    private IEnumerable<string> BehaviourMessages()
    {
        var defaults = new WorldOptions();
        var splits = Stream(3);
        var total = Math.Max(Options.BehaviourTrain + Options.BehaviourDev + Options.BehaviourTest, defaults.BehaviourTrain + defaults.BehaviourDev + defaults.BehaviourTest);
        var quality = Stream(4);
        var qualityTotal = Math.Max(Options.NoisyCleanSize, defaults.NoisyCleanSize) * 11;
        return Enumerable.Range(0, total).Select(_ => SupportTickets.Draw(splits).Message)
            .Concat(Enumerable.Range(0, qualityTotal).Select(_ => SupportTickets.Draw(quality).Message)).ToList();
    }

    public void WriteStudies(string directory)
    {
        if (Options.Version != 1)
        {
            WorldStudiesV2.Write(directory);
            return;
        }
        var instruction = SupportTickets.Instruction.Replace("\"", "\\\"", StringComparison.Ordinal);
        WorldText.WriteAll(Path.Combine(directory, "study-behaviour.yaml"), $$$"""
            # The behaviour task: a support message to one JSON object in a fixed house format.
            # Prompting arms on tw-base (zero-shot, few-shot, and few-shot with demonstrations optimized on dev); fine-tuned arms (LoRA, QLoRA, full) on tw-base, and full fine-tuning of the 4x smaller tw-small.
            # Learning rates suit these tiny models (pretrained at a peak of 0.001), not billion-parameter ones.
            name: lab-support-extraction
            task:
              kind: extraction
              train: behaviour/train.jsonl
              dev: behaviour/dev.jsonl
              test: behaviour/test.jsonl
              input: input
              expected: expected
            requirement: { metric: exact_match, target: 0.9 }
            volume: { queries_per_month: 100000 }
            models:
              base: lab:tw-base
              small: lab:tw-small
            arms:
              - { name: zero-shot, model: base, max_tokens: 48, prompt: { template: "{{{instruction}}}\n\n{{input}}" } }
              - { name: few-shot-4, model: base, max_tokens: 48, prompt: { template: "{{{instruction}}}\n\n{{input}}", few_shot: 4 } }
              - { name: optimized-4, model: base, max_tokens: 48, prompt: { template: "{{{instruction}}}\n\n{{input}}", few_shot: 4, optimize: { candidates: 6, first_rung_examples: 8 } } }
              - { name: lora-base, model: base, max_tokens: 48, finetune: { method: lora, rank: 8, epochs: 3, learning_rate: 0.003 } }
              - { name: qlora-base, model: base, max_tokens: 48, finetune: { method: qlora, rank: 8, epochs: 3, learning_rate: 0.003 } }
              - { name: full-base, model: base, max_tokens: 48, finetune: { method: full, epochs: 3, learning_rate: 0.001 } }
              - { name: full-small, model: small, max_tokens: 48, finetune: { method: full, epochs: 3, learning_rate: 0.001 } }
            robustness: { variants: 3, max_calls: 120, min_examples: 30 }

            """);
        WorldText.WriteAll(Path.Combine(directory, "study-knowledge.yaml"), """
            # The knowledge task: facts about fictional towns that no lab model saw in pretraining.
            # Closed-book prompting cannot know them; retrieval over documents/ can.
            name: lab-town-facts
            task:
              kind: qa
              test: knowledge/questions.jsonl
              input: input
              expected: expected
              documents: documents/
            requirement: { metric: exact_match, target: 0.8 }
            volume: { queries_per_month: 100000 }
            models:
              base: lab:tw-base
            arms:
              - { name: closed-book, model: base, max_tokens: 16, prompt: { template: "Answer the question.\nQuestion: {{input}}" } }
              - { name: rag-base, model: base, max_tokens: 16, retrieval: { top_k: 1 }, prompt: { template: "Answer from the passage.\nPassage: {{context}}\nQuestion: {{input}}" } }
              - { name: oracle-base, model: base, max_tokens: 16, retrieval: { oracle: true }, prompt: { template: "Answer from the passage.\nPassage: {{context}}\nQuestion: {{input}}" } }

            """);
    }

    public static string Describe(WorldManifest manifest) => string.Create(CultureInfo.InvariantCulture,
        $"{manifest.Files.Count} files, {manifest.Files.Sum(f => f.Bytes)} bytes");
}
