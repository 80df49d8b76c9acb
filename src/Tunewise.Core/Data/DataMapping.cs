namespace Tunewise.Data;

/// <summary>
/// Which fields of a row the task uses: the input field(s) shown to the model, the gold field, an
/// optional id field, and renames applied to the row's own column names before anything else.
/// Empty <see cref="InputFields"/> means "infer from the columns" (see <see cref="Resolve"/>).
/// </summary>
public sealed record DataMapping
{
    private static readonly string[] InputCandidates = ["input", "text", "question", "prompt", "query", "sentence"];
    private static readonly string[] ExpectedCandidates = ["expected", "label", "output", "answer", "target", "completion", "intent", "category"];
    private static readonly string[] IdCandidates = ["id"];

    public IReadOnlyList<string> InputFields { get; init; } = [];

    public string? ExpectedField { get; init; }

    public string? IdField { get; init; }

    /// <summary>Source column name → name used everywhere after loading.</summary>
    public IReadOnlyDictionary<string, string> Renames { get; init; } = new Dictionary<string, string>();

    public static DataMapping Default { get; } = new();

    /// <summary>
    /// Fills in what was left open from the columns of the first row, so that a plain
    /// <c>text,label</c> or chat file works without any mapping at all.
    /// </summary>
    public DataMapping Resolve(IReadOnlyCollection<string> columns)
    {
        var expected = ExpectedField ?? ExpectedCandidates.FirstOrDefault(c => columns.Contains(c, StringComparer.Ordinal));
        var id = IdField ?? IdCandidates.FirstOrDefault(c => columns.Contains(c, StringComparer.Ordinal));
        IReadOnlyList<string> inputs = InputFields;
        if (inputs.Count == 0)
        {
            var guess = InputCandidates.FirstOrDefault(c => columns.Contains(c, StringComparer.Ordinal));
            inputs = guess is not null
                ? [guess]
                : columns.Where(c => c != expected && c != id && c != "messages" && c != "system").ToArray();
        }

        return this with { InputFields = inputs, ExpectedField = expected, IdField = id };
    }
}
