using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Tunewise.Studies;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Tunewise.Retrieval;

/// <summary>
/// BM25 retrieval over a chunked corpus with Lucene.Net. Text goes through Lucene's English analyzer
/// (lower-casing, stop words, possessive removal, Porter stemming), because task questions and the
/// passages that answer them rarely use the same word forms ("founded" / "founder" / "founding").
/// One <see cref="IndexSearcher"/> is shared by all callers; Lucene searchers are thread-safe.
/// </summary>
public sealed class Bm25Retriever : IRetriever, IDisposable
{
    /// <summary>Changes whenever the analyzer or the stored fields change, so old on-disk indexes are not reused.</summary>
    private const string IndexFormat = "tunewise-bm25-v1;english-analyzer;lucene-4.8";
    private const string CompleteMarker = "tunewise-index-complete";
    private const string DocumentIdField = "doc_id";
    private const string ChunkIndexField = "chunk";
    private const string TextField = "text";
    // A constant, not a static field: loading this type (as a generic argument, say) then does not load Lucene.
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly LuceneDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer;

    private Bm25Retriever(LuceneDirectory directory, Analyzer analyzer, Bm25Options options, string corpusHash, int documentCount, int chunkCount, string? indexPath, bool reused)
    {
        _directory = directory;
        _analyzer = analyzer;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity(options.K1, options.B) };
        CorpusHash = corpusHash;
        DocumentCount = documentCount;
        ChunkCount = chunkCount;
        IndexPath = indexPath;
        IndexReused = reused;
    }

    /// <summary>Hash of the documents, chunking and index format; names the on-disk index folder.</summary>
    public string CorpusHash { get; }
    public int DocumentCount { get; }
    public int ChunkCount { get; }

    /// <summary>The on-disk index folder, or null for an in-memory index.</summary>
    public string? IndexPath { get; }

    /// <summary>True when an existing on-disk index for the same corpus hash was opened instead of built.</summary>
    public bool IndexReused { get; }

    /// <summary>
    /// Loads the corpus at <paramref name="documentsPath"/> and builds (or reuses) its index. With an
    /// <paramref name="indexRoot"/> (e.g. <c>.tunewise/index</c>) the index lives in
    /// <c>&lt;indexRoot&gt;/&lt;corpus-hash&gt;/</c> and is reused while the corpus is unchanged; without
    /// one it is built in memory.
    /// </summary>
    public static async Task<Bm25Retriever> BuildAsync(
        RetrievalSpec spec, string documentsPath, string? indexRoot = null, Bm25Options? options = null, CancellationToken cancellationToken = default)
    {
        var documents = await DocumentLoader.LoadAsync(documentsPath, cancellationToken).ConfigureAwait(false);
        return await BuildAsync(spec, documents, indexRoot, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds (or reuses) the index of documents already loaded.</summary>
    public static Task<Bm25Retriever> BuildAsync(
        RetrievalSpec spec, IReadOnlyList<SourceDocument> documents, string? indexRoot = null, Bm25Options? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(documents);
        options ??= Bm25Options.Default;
        options.Validate();
        var chunker = new TextChunker(spec);
        if (documents.Count == 0)
            throw new UserInputException("The retrieval corpus has no documents.");

        // Indexing is CPU-bound; run it off the caller's thread so a UI or host stays responsive.
        return Task.Run(() => Build(chunker, documents, indexRoot, options, cancellationToken), cancellationToken);
    }

    private static Bm25Retriever Build(TextChunker chunker, IReadOnlyList<SourceDocument> documents, string? indexRoot, Bm25Options options, CancellationToken cancellationToken)
    {
        var hash = CorpusHashOf(chunker, documents);
        var analyzer = new EnglishAnalyzer(Version);
        try
        {
            if (indexRoot is null)
            {
                var memory = new RAMDirectory();
                var chunks = WriteIndex(memory, analyzer, chunker, documents, options, cancellationToken);
                return new Bm25Retriever(memory, analyzer, options, hash, documents.Count, chunks, indexPath: null, reused: false);
            }

            var finalPath = Path.Combine(Path.GetFullPath(indexRoot), hash);
            var marker = Path.Combine(finalPath, CompleteMarker);
            if (File.Exists(marker) && int.TryParse(File.ReadAllText(marker), NumberStyles.Integer, CultureInfo.InvariantCulture, out var storedChunks))
                return new Bm25Retriever(FSDirectory.Open(finalPath), analyzer, options, hash, documents.Count, storedChunks, finalPath, reused: true);

            // Build beside the final folder and move it into place, so a crash or a concurrent build
            // never leaves a half-written index that a later run would take as complete.
            var buildPath = finalPath + ".building-" + Guid.NewGuid().ToString("N");
            int chunkCount;
            using (var building = FSDirectory.Open(buildPath))
            {
                chunkCount = WriteIndex(building, analyzer, chunker, documents, options, cancellationToken);
            }
            File.WriteAllText(Path.Combine(buildPath, CompleteMarker), chunkCount.ToString(CultureInfo.InvariantCulture));
            try
            {
                if (System.IO.Directory.Exists(finalPath))
                    System.IO.Directory.Delete(finalPath, recursive: true);
                System.IO.Directory.Move(buildPath, finalPath);
            }
            catch (IOException) when (File.Exists(marker))
            {
                // Another process finished the same index first; theirs is identical.
                System.IO.Directory.Delete(buildPath, recursive: true);
            }
            return new Bm25Retriever(FSDirectory.Open(finalPath), analyzer, options, hash, documents.Count, chunkCount, finalPath, reused: false);
        }
        catch
        {
            analyzer.Dispose();
            throw;
        }
    }

    private static int WriteIndex(LuceneDirectory directory, Analyzer analyzer, TextChunker chunker, IReadOnlyList<SourceDocument> documents, Bm25Options options, CancellationToken cancellationToken)
    {
        var config = new IndexWriterConfig(Version, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(options.K1, options.B),
            RAMBufferSizeMB = 64,
        };
        var count = 0;
        using var writer = new IndexWriter(directory, config);
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var chunk in chunker.Chunk(document))
            {
                writer.AddDocument(new Document
                {
                    new StringField(DocumentIdField, chunk.DocumentId, Field.Store.YES),
                    new StoredField(ChunkIndexField, chunk.ChunkIndex),
                    new TextField(TextField, chunk.Text, Field.Store.YES),
                });
                count++;
            }
        }
        writer.Commit();
        return count;
    }

    public Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(string query, int topK, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Retrieve(query, topK));
    }

    /// <summary>The synchronous search behind <see cref="RetrieveAsync"/>; it does no I/O beyond the index.</summary>
    public IReadOnlyList<RetrievedPassage> Retrieve(string query, int topK)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (topK <= 0)
            return [];
        var luceneQuery = BuildQuery(query);
        if (luceneQuery is null)
            return [];

        var hits = _searcher.Search(luceneQuery, topK).ScoreDocs;
        var passages = new RetrievedPassage[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var stored = _searcher.Doc(hits[i].Doc);
            passages[i] = new RetrievedPassage(
                stored.Get(DocumentIdField),
                stored.GetField(ChunkIndexField).GetInt32Value() ?? 0,
                stored.Get(TextField),
                hits[i].Score);
        }
        return passages;
    }

    /// <summary>
    /// A disjunction of the query's analyzed terms. The query text is never parsed as Lucene syntax,
    /// so questions with '?', ':', quotes or the word AND are searched as plain words.
    /// </summary>
    private BooleanQuery? BuildQuery(string text)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal);
        using (var stream = _analyzer.GetTokenStream(TextField, new StringReader(text)))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken() && terms.Count < BooleanQuery.MaxClauseCount)
                terms.Add(term.ToString());
            stream.End();
        }
        if (terms.Count == 0)
            return null;
        var query = new BooleanQuery();
        foreach (var term in terms)
            query.Add(new TermQuery(new Term(TextField, term)), Occur.SHOULD);
        return query;
    }

    private static string CorpusHashOf(TextChunker chunker, IReadOnlyList<SourceDocument> documents)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Append(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        Append(IndexFormat);
        Append(chunker.ChunkSize.ToString(CultureInfo.InvariantCulture));
        Append(chunker.ChunkOverlap.ToString(CultureInfo.InvariantCulture));
        foreach (var document in documents)
        {
            Append(document.Id);
            Append(document.Text);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
