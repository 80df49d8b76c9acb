using Tunewise.Serialization;
using System.Text;
using System.Text.Json;
using Tunewise.FineTuning.Planning;
using Tunewise.Studies;

namespace Tunewise.FineTuning.Export;

/// <summary>
/// The part every pack shares: refuse frozen test examples, validate the plan, write the chat
/// JSONL files, and record each file written.
/// </summary>
internal abstract class ExportPackBase : IExportPack
{
    public const string TrainFile = "train.jsonl";
    public const string DevFile = "dev.jsonl";

    public abstract string Name { get; }

    public abstract string Description { get; }

    public async Task<ExportResult> WriteAsync(ExportRequest request, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        RefuseTestExamples(request);
        request.Plan.Validate();
        if (request.Train.Count == 0)
        {
            throw new UserInputException("No training examples to export.");
        }

        // Convert every example before writing anything, so a bad row leaves no half-written pack.
        foreach (var example in request.Train.Concat(request.Dev ?? []))
        {
            ChatConversion.ToMessages(example, request.Fields);
        }

        Directory.CreateDirectory(directory);
        var pack = new PackDirectory(directory);
        await ChatConversion.WriteJsonlAsync(pack.Add(TrainFile), request.Train, request.Fields, cancellationToken);
        if (HasDev(request))
        {
            await ChatConversion.WriteJsonlAsync(pack.Add(DevFile), request.Dev!, request.Fields, cancellationToken);
        }

        var command = await WriteConfigAsync(pack, request, cancellationToken);
        return new ExportResult(directory, pack.Files, command);
    }

    /// <summary>Writes the stack's config and README; returns the command that starts training.</summary>
    protected abstract Task<string> WriteConfigAsync(PackDirectory pack, ExportRequest request, CancellationToken cancellationToken);

    protected static bool HasDev(ExportRequest request) => request.Dev is { Count: > 0 };

    protected static string MethodName(FineTuneMethod method) => FineTuneMethods.NameOf(method);

    protected static string Yaml(object document) => YamlDocument.Write(document);

    private static readonly JsonSerializerOptions DocumentJson = new() { WriteIndented = true, TypeInfoResolver = CoreJsonContext.Default };

    protected static string Json(Dictionary<string, object> document) => TypedJson.Serialize(document, DocumentJson);

    protected static Task WriteTextAsync(string path, string text, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n", new UTF8Encoding(false), cancellationToken);

    protected static string DataSummary(ExportRequest request) =>
        $"`{TrainFile}` ({request.Train.Count} examples){(HasDev(request) ? $" and `{DevFile}` ({request.Dev!.Count} examples)" : "")}, one JSON object per line: " +
        "`{\"messages\": [{\"role\": \"system\"|\"user\"|\"assistant\", \"content\": …}]}`." +
        (request.FrozenTestIds is { Count: > 0 } ? " Checked against the frozen test split: none of its examples are included." : "");

    private static void RefuseTestExamples(ExportRequest request)
    {
        if (request.FrozenTestIds is not { Count: > 0 } frozen)
        {
            return;
        }

        var offending = request.Train.Concat(request.Dev ?? [])
            .Where(e => frozen.Contains(e.Id))
            .Select(e => e.Id)
            .Distinct()
            .ToList();
        if (offending.Count > 0)
        {
            var shown = string.Join(", ", offending.Take(20).Select(id => $"'{id}'"));
            var more = offending.Count > 20 ? $" and {offending.Count - 20} more" : "";
            throw new UserInputException(
                $"Refusing to export {offending.Count} example(s) from the frozen test split: {shown}{more}. Training on test examples would invalidate the evaluation; remove them from the training and dev data.");
        }
    }
}
