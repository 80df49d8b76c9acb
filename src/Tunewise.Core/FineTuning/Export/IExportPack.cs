namespace Tunewise.FineTuning.Export;

/// <summary>Writes a directory that another training stack can run as is.</summary>
public interface IExportPack
{
    /// <summary>The name used on the command line: axolotl, llama-factory, torchtune, openai, hf.</summary>
    string Name { get; }

    string Description { get; }

    Task<ExportResult> WriteAsync(ExportRequest request, string directory, CancellationToken cancellationToken);
}
