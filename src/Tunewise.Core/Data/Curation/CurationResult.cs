namespace Tunewise.Data.Curation;

/// <summary>
/// A data check's report plus what a cleaned copy of the data would drop: empty inputs, examples
/// leaking into the test set, every member of a label-conflict group, and all but one example of
/// each exact or near duplicate group.
/// </summary>
public sealed class CurationResult
{
    private readonly string?[] _dropReasons;
    private readonly string? _expectedField;
    private readonly IReadOnlyList<string> _inputFields;

    internal CurationResult(CurationReport report, IReadOnlyList<Example> examples, string?[] dropReasons, IReadOnlyList<string> inputFields, string? expectedField)
    {
        Report = report;
        Examples = examples;
        _dropReasons = dropReasons;
        _inputFields = inputFields;
        _expectedField = expectedField;
    }

    public CurationReport Report { get; }

    public IReadOnlyList<Example> Examples { get; }

    /// <summary>The examples a cleaned file keeps, in their original order.</summary>
    public IReadOnlyList<Example> CleanExamples() => Examples.Where((_, i) => _dropReasons[i] is null).ToList();

    /// <summary>Every example a cleaned file leaves out, with the reason.</summary>
    public IReadOnlyList<DroppedExample> Dropped() => Examples
        .Select((example, i) => (example, reason: _dropReasons[i]))
        .Where(x => x.reason is not null)
        .Select(x => new DroppedExample(ExampleRef.Of(x.example, DataCurator.InputText(x.example, _inputFields), _expectedField), x.reason!))
        .ToList();

    /// <summary>Writes the cleaned examples to <paramref name="path"/> in <paramref name="format"/> (normally the input's own).</summary>
    public async Task<CleanResult> WriteCleanAsync(string path, DataFormat format, CancellationToken cancellationToken = default)
    {
        var kept = CleanExamples();
        await DataWriter.WriteAsync(path, format, kept, cancellationToken).ConfigureAwait(false);
        return new CleanResult(path, kept.Count, Dropped());
    }
}
