using Tunewise.Data;
using Tunewise.Retrieval;
using Tunewise.Studies;

namespace Tunewise.Evaluation.Running;

/// <summary>
/// Where a retrieval arm's <c>{{context}}</c> comes from: BM25 over the study's documents (query = the
/// example's input fields), or the oracle's gold context. Prompting arms have none.
/// </summary>
internal sealed class ArmContext
{
    private readonly Func<Example, CancellationToken, Task<IReadOnlyList<RetrievedPassage>>> _passages;
    private readonly ContextRenderer _renderer = new();

    private ArmContext(Func<Example, CancellationToken, Task<IReadOnlyList<RetrievedPassage>>> passages) => _passages = passages;

    public static async Task<ArmContext?> CreateAsync(Study study, ArmSpec arm, StudyRetrievers retrievers, CancellationToken cancellationToken)
    {
        if (arm.Retrieval is not { } spec)
            return null;
        if (spec.Oracle)
        {
            var documents = study.Task.Documents is { } path
                ? await DocumentLoader.LoadAsync(Path.Combine(study.BaseDirectory, path), cancellationToken).ConfigureAwait(false)
                : [];
            var oracle = new OracleContextProvider(documents);
            return new ArmContext((example, _) => Task.FromResult(oracle.GetPassages(example)));
        }
        var retriever = await retrievers.GetAsync(arm, cancellationToken).ConfigureAwait(false);
        return new ArmContext((example, token) => retriever.RetrieveAsync(QueryOf(study, example), spec.TopK, token));
    }

    public async Task<(string Context, IReadOnlyList<string> DocumentIds)> GetAsync(Example example, CancellationToken cancellationToken)
    {
        var passages = await _passages(example, cancellationToken).ConfigureAwait(false);
        return (_renderer.RenderContext(passages), passages.Select(p => p.DocumentId).ToList());
    }

    public static string QueryOf(Study study, Example example) =>
        string.Join("\n", study.Task.Input.Select(f => example.Fields.TryGetValue(f, out var v) ? v : ""));
}
