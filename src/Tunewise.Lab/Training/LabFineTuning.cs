using Tunewise.Lab.Chat;
using Tunewise.Lab.Checkpoints;
using Tunewise.Lab.Lora;
using Tunewise.Lab.Models;
using Tunewise.Lab.Tokenization;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.Lab.Training;

/// <summary>Fine-tunes a lab model on chat data and writes an adapter or a full checkpoint.</summary>
public static class LabFineTuning
{
    public const string CheckpointFolder = "checkpoints";

    public static TrainingResult Run(FineTuneRequest request, IProgressReporter? progress = null, CancellationToken cancellationToken = default)
    {
        var modelDirectory = LabModels.ResolveDirectory(request.Model);
        var tokenizer = LabTokenizer.Load(modelDirectory);
        var encoder = new ChatExampleEncoder(tokenizer, request.MaxTokens, request.TooLong);
        var train = Encode(encoder, request.TrainData);
        var dev = request.DevData is null ? null : Encode(encoder, request.DevData);

        Directory.CreateDirectory(request.OutputDirectory);
        using var model = LlamaModel.Load(modelDirectory, request.Compute);
        var adapter = request.Method == FineTuneMethod.Full
            ? null
            : LoraAdapter.Attach(model, request.Lora, quantizeBase: request.Method == FineTuneMethod.Qlora);

        var options = request.Trainer with
        {
            PadTokenId = tokenizer.EosId ?? 0,
            CheckpointDirectory = request.Trainer.CheckpointDirectory ?? Path.Combine(request.OutputDirectory, CheckpointFolder),
        };
        var result = new Trainer(model, options, progress).Train(train, dev, cancellationToken: cancellationToken);

        if (adapter is not null)
        {
            PeftAdapter.Save(adapter, request.OutputDirectory, request.Model);
        }
        else
        {
            model.Save(request.OutputDirectory);
            foreach (var file in new[] { LlamaCheckpoint.TokenizerFile, LlamaCheckpoint.TokenizerConfigFile })
            {
                var source = Path.Combine(modelDirectory, file);
                if (File.Exists(source)) File.Copy(source, Path.Combine(request.OutputDirectory, file), overwrite: true);
            }
        }
        return result;
    }

    /// <summary>Every example of the file encoded; under <see cref="LongSequencePolicy.Refuse"/> every sequence too long is named, with its line and lengths.</summary>
    private static List<TokenizedExample> Encode(ChatExampleEncoder encoder, string path)
    {
        var conversations = ChatTrainingData.LoadLines(path);
        var examples = new List<TokenizedExample>(conversations.Count);
        var tooLong = new List<string>();
        foreach (var (line, messages) in conversations)
        {
            try
            {
                examples.Add(encoder.Encode(messages));
            }
            catch (SequenceTooLongException ex)
            {
                tooLong.Add($"{path}:{line}: {ex.Message}");
            }
            catch (ArgumentException ex)
            {
                throw new UserInputException($"{path}:{line}: {ex.Message}", ex);
            }
        }
        if (tooLong.Count > 0)
        {
            const int Shown = 10;
            var more = tooLong.Count > Shown ? $"\n… and {tooLong.Count - Shown} more" : "";
            throw new UserInputException(
                $"{tooLong.Count} of {conversations.Count} training sequences in {path} are longer than the limit of {encoder.MaxTokens} tokens; " +
                $"shorten them, raise --max-length, or pass --too-long cut to cut the start of their prompts:\n{string.Join("\n", tooLong.Take(Shown))}{more}");
        }
        return examples;
    }
}
