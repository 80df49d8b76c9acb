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
        var encoder = new ChatExampleEncoder(tokenizer, request.MaxTokens);
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

    private static List<TokenizedExample> Encode(ChatExampleEncoder encoder, string path)
    {
        var conversations = ChatTrainingData.Load(path);
        var examples = new List<TokenizedExample>(conversations.Count);
        for (var i = 0; i < conversations.Count; i++)
        {
            try
            {
                examples.Add(encoder.Encode(conversations[i]));
            }
            catch (ArgumentException ex)
            {
                throw new UserInputException($"{path}: example {i + 1}: {ex.Message}", ex);
            }
        }
        return examples;
    }
}
