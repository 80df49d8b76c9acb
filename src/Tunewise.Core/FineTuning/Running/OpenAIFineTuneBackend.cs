using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tunewise.Models.Providers;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Running;

/// <summary>
/// Fine-tunes through the OpenAI fine-tuning API (or a server that speaks it): uploads the training (and validation)
/// JSONL, creates the job, and polls it until the tuned model exists. The job id is written to the arm's folder before
/// the first poll, so a run stopped while waiting resumes polling the same job instead of starting another.
/// The API key is read from the model's key variable and sent only in the Authorization header.
/// </summary>
public sealed class OpenAIFineTuneBackend(HttpClient http, TimeSpan? pollInterval = null) : IFineTuneBackend
{
    public const string StateFile = "openai-job.json";
    private const string DefaultBaseUrl = "https://api.openai.com/v1";

    // Polls back off from the first interval to at most 30 s: quick for a short job, gentle for an hour-long one.
    private readonly TimeSpan _pollInterval = pollInterval ?? TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(30);

    public string Name => "openai";

    public bool CanTrain(ModelSpec baseModel) =>
        baseModel.Provider is OpenAIProvider.OpenAIName or OpenAIProvider.CompatibleName;

    // The tuned model lives on the provider; whether it still exists is the provider's to say at call time.
    public bool IsAvailable(FineTuneOutcome outcome) => true;

    public FineTuneOutcome Train(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken) =>
        TrainAsync(job, progress, cancellationToken).GetAwaiter().GetResult();

    private async Task<FineTuneOutcome> TrainAsync(FineTuneJob job, IProgressReporter progress, CancellationToken cancellationToken)
    {
        // A hosted job runs its epochs on the provider's clock; a budget it cannot honour is refused, not ignored.
        if (job.Spec.MaxSteps is not null || job.Spec.MaxMinutes is not null)
            throw new UserInputException($"arm '{job.Arm}': finetune.max_steps and finetune.max_minutes apply to lab fine-tuning only; an OpenAI fine-tuning job cannot be stopped by them. Use finetune.epochs.");
        var baseUrl = (job.BaseModel.BaseUrl ?? DefaultBaseUrl).TrimEnd('/');
        var keyVariable = job.BaseModel.ApiKeyEnv ?? OpenAIProvider.StandardKeyVariable;
        var key = Environment.GetEnvironmentVariable(keyVariable);
        if (string.IsNullOrWhiteSpace(key) && job.BaseModel.Provider == OpenAIProvider.OpenAIName)
            throw new UserInputException($"arm '{job.Arm}': fine-tuning on OpenAI needs an API key in the environment variable {keyVariable}.");
        Directory.CreateDirectory(job.OutputDirectory);
        var statePath = Path.Combine(job.OutputDirectory, StateFile);

        string jobId;
        if (File.Exists(statePath))
        {
            jobId = JsonNode.Parse(await File.ReadAllTextAsync(statePath, cancellationToken).ConfigureAwait(false))!["job_id"]!.GetValue<string>();
        }
        else
        {
            var trainingFile = await UploadAsync(baseUrl, key, job.TrainData, cancellationToken).ConfigureAwait(false);
            var validationFile = job.DevData is null ? null : await UploadAsync(baseUrl, key, job.DevData, cancellationToken).ConfigureAwait(false);
            var body = new JsonObject
            {
                ["model"] = job.BaseModel.Model,
                ["training_file"] = trainingFile,
                ["seed"] = job.Seed,
                ["suffix"] = "tunewise",
                ["hyperparameters"] = new JsonObject { ["n_epochs"] = job.Spec.Epochs },
            };
            if (validationFile is not null) body["validation_file"] = validationFile;
            var created = await SendAsync(HttpMethod.Post, $"{baseUrl}/fine_tuning/jobs", key, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
            jobId = created["id"]!.GetValue<string>();
            var temporary = statePath + ".tmp";
            await File.WriteAllTextAsync(temporary, new JsonObject { ["job_id"] = jobId, ["training_file"] = trainingFile }.ToJsonString(), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, statePath, overwrite: true);
        }

        using var task = progress.Start($"{job.Arm}: OpenAI fine-tuning job {jobId}", 1);
        var wait = _pollInterval;
        while (true)
        {
            var state = await SendAsync(HttpMethod.Get, $"{baseUrl}/fine_tuning/jobs/{Uri.EscapeDataString(jobId)}", key, null, cancellationToken).ConfigureAwait(false);
            var status = state["status"]?.GetValue<string>() ?? "unknown";
            task.Describe($"{job.Arm}: OpenAI fine-tuning job {jobId}: {status}");
            switch (status)
            {
                case "succeeded":
                    task.Increment();
                    var created = state["created_at"]?.GetValue<long>();
                    var finished = state["finished_at"]?.GetValue<long>();
                    return new FineTuneOutcome
                    {
                        Backend = Name,
                        ModelReference = $"{job.BaseModel.Provider}:{state["fine_tuned_model"]!.GetValue<string>()}",
                        Method = "hosted",
                        TrainExamples = File.ReadLines(job.TrainData).Count(l => !string.IsNullOrWhiteSpace(l)),
                        TrainedTokens = state["trained_tokens"]?.GetValue<long>() ?? 0,
                        TrainingSeconds = created is { } c && finished is { } f ? f - c : 0,
                        JobId = jobId,
                    };
                case "failed" or "cancelled":
                    var error = state["error"]?["message"]?.GetValue<string>() ?? "no reason given";
                    throw new UserInputException($"arm '{job.Arm}': OpenAI fine-tuning job {jobId} {status}: {error}. Delete {statePath} to start a new job.");
                default:
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    wait = TimeSpan.FromTicks(Math.Min(MaxPollInterval.Ticks, wait.Ticks * 2));
                    break;
            }
        }
    }

    /// <summary>Uploads a chat JSONL in the API's format (only the messages of each line) and returns the file id.</summary>
    private async Task<string> UploadAsync(string baseUrl, string? key, string path, CancellationToken cancellationToken)
    {
        var lines = new StringBuilder();
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
            lines.Append(new JsonObject { ["messages"] = JsonNode.Parse(line)!["messages"]!.DeepClone() }.ToJsonString()).Append('\n');
        using var content = new MultipartFormDataContent
        {
            { new StringContent("fine-tune"), "purpose" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(lines.ToString()));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        content.Add(file, "file", Path.GetFileName(path));
        var uploaded = await SendAsync(HttpMethod.Post, $"{baseUrl}/files", key, content, cancellationToken).ConfigureAwait(false);
        return uploaded["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string url, string? key, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (!string.IsNullOrWhiteSpace(key)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new UserInputException($"{method} {url} answered {(int)response.StatusCode}: {Truncate(text)}");
        try
        {
            return JsonNode.Parse(text) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{method} {url} answered with a body that is not JSON: {ex.Message}", ex);
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
