using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Export;

/// <summary>
/// OpenAI supervised fine-tuning: chat JSONL, a <c>job.json</c> request body naming the files to
/// upload, and the CLI and HTTP calls. OpenAI chooses the adaptation method itself; rank and targets do not apply.
/// </summary>
internal sealed class OpenAiPack : ExportPackBase
{
    public const string JobFile = "job.json";
    public const string Command = "openai api fine_tuning.jobs.create -t <TRAIN_FILE_ID> -m <BASE_MODEL>";

    public override string Name => "openai";

    public override string Description => "OpenAI chat fine-tuning JSONL and job request.";

    protected override async Task<string> WriteConfigAsync(PackDirectory pack, ExportRequest request, CancellationToken cancellationToken)
    {
        var plan = request.Plan;
        var hyperparameters = new Dictionary<string, object> { ["n_epochs"] = (int)Math.Ceiling(plan.Epochs) };
        var job = new Dictionary<string, object>
        {
            ["model"] = plan.BaseModel,
            ["training_file"] = TrainFile,
            ["method"] = new Dictionary<string, object>
            {
                ["type"] = "supervised",
                ["supervised"] = new Dictionary<string, object> { ["hyperparameters"] = hyperparameters },
            },
        };
        if (HasDev(request))
        {
            job["validation_file"] = DevFile;
        }

        await WriteTextAsync(pack.Add(JobFile), Json(job), cancellationToken);
        await WriteTextAsync(pack.Add("README.md"), Readme(request), cancellationToken);
        return Command.Replace("<BASE_MODEL>", plan.BaseModel, StringComparison.Ordinal);
    }

    private static string Readme(ExportRequest request)
    {
        var model = request.Plan.BaseModel;
        var devUpload = HasDev(request) ? $"\nopenai api files.create --file {DevFile} --purpose fine-tune" : "";
        var devFlag = HasDev(request) ? " -v <DEV_FILE_ID>" : "";
        var devJson = HasDev(request) ? ", \"validation_file\": \"<DEV_FILE_ID>\"" : "";
        return $"""
            # OpenAI fine-tuning pack

            Base model `{model}`.{(request.Plan.Method == FineTuneMethod.Full ? "" : " OpenAI does not expose LoRA settings; the method, rank and targets of the plan do not apply.")}

            Data: {DataSummary(request)} `{JobFile}` is the job request with local file names in place of file ids.

            ## Run

            The API key is read from `OPENAI_API_KEY`. Upload the data, then create the job with the returned file ids:

            ```bash
            openai api files.create --file {TrainFile} --purpose fine-tune{devUpload}
            openai api fine_tuning.jobs.create -t <TRAIN_FILE_ID>{devFlag} -m {model}
            ```

            The same over HTTP:

            ```bash
            curl https://api.openai.com/v1/files -H "Authorization: Bearer $OPENAI_API_KEY" -F purpose=fine-tune -F file=@{TrainFile}
            curl https://api.openai.com/v1/fine_tuning/jobs -H "Authorization: Bearer $OPENAI_API_KEY" -H "Content-Type: application/json" \
              -d '{"{"}"model": "{model}", "training_file": "<TRAIN_FILE_ID>"{devJson}, "method": {"{"}"type": "supervised", "supervised": {"{"}"hyperparameters": {"{"}"n_epochs": {(int)Math.Ceiling(request.Plan.Epochs)}{"}"}{"}"}{"}"}{"}"}'
            ```
            """;
    }
}
