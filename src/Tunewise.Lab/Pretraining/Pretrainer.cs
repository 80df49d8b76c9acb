using Tunewise.Serialization;
using Tunewise.Lab.Serialization;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Generation;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Lab.Training;
using Tunewise.Lab.World;
using Tunewise.Progress;
using Tunewise.Statistics;
using static TorchSharp.torch;

namespace Tunewise.Lab.Pretraining;

/// <summary>
/// Builds a lab base model from a world: learns the byte-level BPE tokenizer on the pretraining
/// corpus, packs the corpus into fixed-length sequences, trains a fresh Llama-family model on every
/// token (checkpointed, resumable), saves it in fp16 in the Hugging Face layout, scores it on the
/// general-skills suite, and writes <c>recipe.json</c> beside the weights.
/// </summary>
public static class Pretrainer
{
    public const string RecipeFile = "recipe.json";
    public const string CheckpointFolder = "checkpoints";

    /// <summary>Items per family in the quick subset that tests re-score against the recorded figure.</summary>
    public const int SmokePerFamily = 4;

    public static PretrainOutcome Run(PretrainRecipe recipe, string worldDirectory, string outputDirectory, bool resume = false,
        IProgressReporter? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        recipe.Validate();
        log ??= _ => { };
        var corpusPath = Path.Combine(worldDirectory, "pretraining", "corpus.txt");
        var suitePath = Path.Combine(worldDirectory, "general", "eval.jsonl");
        foreach (var required in new[] { corpusPath, suitePath })
        {
            if (!File.Exists(required))
                throw new UserInputException($"'{required}' does not exist; write the world first with 'tunewise lab world --out {worldDirectory}'.");
        }
        if (File.Exists(Path.Combine(worldDirectory, WorldManifest.FileName))
            && WorldManifest.Read(worldDirectory).Version is var worldVersion && worldVersion != recipe.WorldVersion)
            throw new UserInputException(
                $"'{worldDirectory}' is lab world version {worldVersion}, but recipe {recipe.Name} pretrains on version {recipe.WorldVersion}; write that world with 'tunewise lab world --version {recipe.WorldVersion}'.");
        var clock = Stopwatch.StartNew();
        var corpus = File.ReadAllText(corpusPath);
        var vocabulary = BpeTrainer.Train(corpus, recipe.VocabSize, PretrainRecipe.SpecialTokens);
        Directory.CreateDirectory(outputDirectory);
        vocabulary.Write(outputDirectory, PretrainRecipe.ChatTemplate, ChatMarkers.End, PretrainRecipe.Pad);
        var tokenizer = LabTokenizer.Load(outputDirectory);
        var ids = tokenizer.Encode(corpus);
        var examples = recipe.LossOn == PretrainLoss.Answers
            ? Pack(ids, recipe.SequenceLength, vocabulary.SpecialTokenId(ChatMarkers.Assistant), vocabulary.SpecialTokenId(ChatMarkers.End), recipe.PromptLossShare, recipe.Seed)
            : Pack(ids, recipe.SequenceLength);
        if (examples.Count == 0) throw new UserInputException($"'{corpusPath}' is shorter than one training sequence of {recipe.SequenceLength} tokens.");
        log(string.Create(CultureInfo.InvariantCulture,
            $"{recipe.Name}: tokenizer {vocabulary.VocabSize} ids, corpus {corpus.Length:N0} chars = {ids.Length:N0} tokens ({(double)corpus.Length / ids.Length:F2} chars/token), {examples.Count:N0} sequences of {recipe.SequenceLength}; tokenized in {clock.Elapsed.TotalSeconds:F1} s"));

        int eos = vocabulary.SpecialTokenId(ChatMarkers.End);
        int pad = vocabulary.SpecialTokenId(PretrainRecipe.Pad);
        using var model = LlamaModel.Seeded(recipe.ModelConfig(vocabulary.VocabSize, eos), recipe.Seed);
        long parameters = model.parameters().Sum(p => p.numel());
        int epochs = (int)Math.Ceiling((double)recipe.Steps * recipe.BatchSize / examples.Count);
        var checkpoints = Path.Combine(outputDirectory, CheckpointFolder);
        var options = new TrainerOptions
        {
            Epochs = Math.Max(1, epochs),
            MaxSteps = recipe.Steps,
            BatchSize = recipe.BatchSize,
            LearningRate = recipe.LearningRate,
            WarmupSteps = recipe.WarmupSteps,
            MinLearningRateRatio = recipe.MinLearningRateRatio,
            WeightDecay = recipe.WeightDecay,
            MaxGradientNorm = 1.0,
            EarlyStoppingPatience = null,
            PadTokenId = pad,
            Seed = recipe.Seed,
            CheckpointDirectory = checkpoints,
            CheckpointEverySteps = 25,
            Resume = resume,
        };
        var trainClock = Stopwatch.StartNew();
        var training = new Trainer(model, options, progress).Train(examples, cancellationToken: cancellationToken);
        var trainSeconds = trainClock.Elapsed.TotalSeconds;

        model.Save(outputDirectory, ScalarType.Float16);
        var scores = Score(outputDirectory, suitePath, cancellationToken);
        var outcome = new PretrainOutcome(outputDirectory, recipe, training, scores.Full, scores.Smoke, parameters, ids.Length, trainSeconds);
        WriteRecipe(outcome, corpusPath, vocabulary);
        if (Directory.Exists(checkpoints)) Directory.Delete(checkpoints, recursive: true);
        return outcome;
    }

    /// <summary>Scores a saved checkpoint on the whole suite and on its quick subset.</summary>
    public static (SkillScores Full, SkillScores Smoke) Score(string modelDirectory, string suitePath, CancellationToken cancellationToken = default)
    {
        using var model = LlamaModel.Load(modelDirectory, ScalarType.Float32);
        var generator = new TextGenerator(model, LabTokenizer.Load(modelDirectory));
        var items = GeneralSkillsSuite.Load(suitePath);
        var full = GeneralSkillsSuite.Evaluate(generator, items, cancellationToken: cancellationToken);
        var smoke = GeneralSkillsSuite.Evaluate(generator, GeneralSkillsSuite.Subset(items, SmokePerFamily), cancellationToken: cancellationToken);
        return (full, smoke);
    }

    internal static List<TokenizedExample> Pack(int[] ids, int length)
    {
        var examples = new List<TokenizedExample>(ids.Length / length);
        for (int start = 0; start + length <= ids.Length; start += length)
        {
            var chunk = new long[length];
            for (int i = 0; i < length; i++) chunk[i] = ids[start + i];
            examples.Add(new TokenizedExample(chunk, (long[])chunk.Clone()));
        }
        return examples;
    }

    /// <summary>
    /// Packs like <see cref="Pack(int[], int)"/>, with a loss only on the assistant's turns: every token after an
    /// <paramref name="assistantId"/> marker up to and including its <paramref name="endId"/>. The prompts (passages,
    /// demonstrations, messages) are still read as context, but the gradient comes from the answers alone, and from a
    /// <paramref name="promptShare"/> of the other tokens drawn with <paramref name="seed"/>.
    /// </summary>
    internal static List<TokenizedExample> Pack(int[] ids, int length, int assistantId, int endId, double promptShare = 0, int seed = 0)
    {
        var answer = new bool[ids.Length];
        var inAnswer = false;
        var draw = new DeterministicRandom((ulong)seed);
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] == assistantId) { inAnswer = true; answer[i] = promptShare > 0 && draw.NextDouble() < promptShare; continue; }
            answer[i] = inAnswer || (promptShare > 0 && draw.NextDouble() < promptShare);
            if (ids[i] == endId) inAnswer = false;
        }
        var examples = new List<TokenizedExample>(ids.Length / length);
        for (int start = 0; start + length <= ids.Length; start += length)
        {
            var chunk = new long[length];
            var labels = new long[length];
            for (int i = 0; i < length; i++)
            {
                chunk[i] = ids[start + i];
                labels[i] = answer[start + i] ? ids[start + i] : TokenizedExample.IgnoreLabel;
            }
            examples.Add(new TokenizedExample(chunk, labels));
        }
        return examples;
    }

    private static void WriteRecipe(PretrainOutcome outcome, string corpusPath, BpeVocabulary vocabulary)
    {
        var recipe = outcome.Recipe;
        var loss = outcome.Training.LossCurve;
        var tail = loss.Skip(Math.Max(0, loss.Count - 20)).ToList();
        var json = new JsonObject
        {
            ["name"] = recipe.Name,
            ["recipe"] = JsonSerializer.SerializeToNode(recipe, TypedJson.Info<PretrainRecipe>(RecipeJson)),
            ["world"] = new JsonObject
            {
                ["seed"] = recipe.WorldSeed,
                ["version"] = recipe.WorldVersion,
                ["corpus_sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(corpusPath))),
            },
            ["tokenizer"] = new JsonObject { ["vocab_size"] = vocabulary.VocabSize, ["merges"] = vocabulary.Merges.Count },
            ["parameters"] = outcome.Parameters,
            ["weights_dtype"] = "float16",
            ["training"] = new JsonObject
            {
                ["steps"] = outcome.Training.Steps,
                ["corpus_tokens"] = outcome.CorpusTokens,
                ["trained_tokens"] = outcome.Training.TrainedTokens,
                ["first_loss"] = loss.Count > 0 ? Math.Round(loss[0], 4) : null,
                ["final_loss"] = tail.Count > 0 ? Math.Round(tail.Average(), 4) : null,
                ["loss_every_25_steps"] = new JsonArray(loss.Where((_, i) => i % 25 == 0).Select(l => (JsonNode)Math.Round(l, 4)).ToArray()),
                ["seconds"] = Math.Round(outcome.TrainSeconds, 1),
                ["torch_threads"] = TorchSharp.torch.get_num_threads(),
            },
            ["general_skills"] = Scores(outcome.Skills),
            ["general_skills_smoke"] = Scores(outcome.SmokeSkills, SmokePerFamily),
        };
        File.WriteAllText(Path.Combine(outcome.Directory, RecipeFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n");
    }

    private static JsonObject Scores(SkillScores scores, int? perFamily = null)
    {
        var families = new JsonObject();
        foreach (var (family, score) in scores.Families) families[family] = new JsonObject { ["correct"] = score.Correct, ["total"] = score.Total };
        var result = new JsonObject { ["correct"] = scores.Correct, ["total"] = scores.Total, ["accuracy"] = Math.Round(scores.Accuracy, 4), ["families"] = families };
        if (perFamily is { } n) result["per_family"] = n;
        return result;
    }

    private static readonly JsonSerializerOptions RecipeJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, TypeInfoResolver = LabJsonContext.Default };

    /// <summary>Reads the general-skills figures recorded in a model's <c>recipe.json</c>.</summary>
    public static (int Correct, int Total) RecordedSmokeScore(string modelDirectory)
    {
        var record = PretrainRecord.Require(modelDirectory, "the model has no recorded recipe");
        return record.SmokeScore ?? throw new UserInputException($"'{record.Path}': field 'general_skills_smoke' is missing.");
    }
}

public sealed record PretrainOutcome(
    string Directory, PretrainRecipe Recipe, TrainingResult Training, SkillScores Skills, SkillScores SmokeSkills,
    long Parameters, long CorpusTokens, double TrainSeconds);
