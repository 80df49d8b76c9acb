using System.Collections.Concurrent;
using Tunewise.Progress;
using Tunewise.Studies;

namespace Tunewise.Retrieval;

/// <summary>
/// The retrievers of a study's retrieval arms. Arms that chunk <c>task.documents</c> the same way
/// share one index, built once on first use; on-disk indexes live under <see cref="IndexRoot"/> and
/// are reused across runs while the corpus is unchanged. Safe to call from concurrent workers.
/// </summary>
public sealed class StudyRetrievers : IDisposable
{
    private readonly Study _study;
    private readonly Bm25Options _options;
    private readonly IProgressReporter _progress;
    // Created by the first retrieval arm: a study without one then never loads Lucene, not even for this field's type.
    private ConcurrentDictionary<(int Size, int Overlap), Lazy<Task<Bm25Retriever>>>? _retrievers;

    /// <param name="indexRoot">Folder for on-disk indexes, e.g. <see cref="IndexRootFor"/> of the run store; null keeps them in memory.</param>
    public StudyRetrievers(Study study, string? indexRoot, Bm25Options? options = null, IProgressReporter? progress = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        _study = study;
        IndexRoot = indexRoot;
        _options = options ?? Bm25Options.Default;
        _progress = progress ?? NullProgressReporter.Instance;
    }

    public string? IndexRoot { get; }

    /// <summary>
    /// The default on-disk index root beside a run store: <c>&lt;store folder&gt;/index</c>. It lives here, not on
    /// <see cref="Bm25Retriever"/>, so a study without retrieval never loads Lucene.
    /// </summary>
    public static string IndexRootFor(string runStorePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(runStorePath)) ?? ".", "index");

    /// <summary>The retriever for <paramref name="arm"/>; use <c>arm.Retrieval.TopK</c> when calling it.</summary>
    /// <exception cref="UserInputException">The arm is not a retrieval arm, or the study has no <c>task.documents</c>.</exception>
    public Task<Bm25Retriever> GetAsync(ArmSpec arm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var spec = arm.Retrieval
            ?? throw new UserInputException($"{_study.Source.Locate($"arms.{arm.Name}")}: arm '{arm.Name}' has no retrieval settings.");
        var documents = _study.Task.Documents
            ?? throw new UserInputException($"{_study.Source.Locate("task")}: arm '{arm.Name}' uses retrieval, so the task needs 'documents:' (a folder or file of documents).");

        // Lazy so concurrent callers wait for one build instead of each starting their own.
        var key = (spec.ChunkSize, spec.ChunkOverlap);
        var lazy = LazyInitializer.EnsureInitialized(ref _retrievers).GetOrAdd(key, _ => new Lazy<Task<Bm25Retriever>>(
            () => BuildAsync(spec, documents, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
        return AwaitOrForgetAsync(key, lazy);
    }

    /// <summary>A failed or cancelled build is forgotten, so the next caller (e.g. a resumed run) tries again.</summary>
    private async Task<Bm25Retriever> AwaitOrForgetAsync((int, int) key, Lazy<Task<Bm25Retriever>> lazy)
    {
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            _retrievers!.TryRemove(new KeyValuePair<(int Size, int Overlap), Lazy<Task<Bm25Retriever>>>(key, lazy));
            throw;
        }
    }

    private async Task<Bm25Retriever> BuildAsync(RetrievalSpec spec, string documents, CancellationToken cancellationToken)
    {
        using var task = _progress.Start($"Indexing documents ({spec.ChunkSize}-character passages)", 1);
        var retriever = await Bm25Retriever.BuildAsync(spec, documents, IndexRoot, _options, cancellationToken).ConfigureAwait(false);
        task.Describe(retriever.IndexReused
            ? $"Reused index of {retriever.DocumentCount} documents ({retriever.ChunkCount} passages)"
            : $"Indexed {retriever.DocumentCount} documents ({retriever.ChunkCount} passages)");
        task.Increment();
        return retriever;
    }

    public void Dispose()
    {
        if (_retrievers is not null)
            DisposeRetrievers(_retrievers);
    }

    private static void DisposeRetrievers(ConcurrentDictionary<(int Size, int Overlap), Lazy<Task<Bm25Retriever>>> retrievers)
    {
        foreach (var lazy in retrievers.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
                lazy.Value.Result.Dispose();
        }
        retrievers.Clear();
    }
}
