namespace Tunewise.Data.Splits;

/// <summary>An example that is part of the frozen test set, found by its id or by identical content.</summary>
public sealed record TestSetLeak(string Id, SourceLocation Source, bool ByContent)
{
    public override string ToString() => ByContent ? $"'{Id}' ({Source}, same content as a test example)" : $"'{Id}' ({Source})";
}
