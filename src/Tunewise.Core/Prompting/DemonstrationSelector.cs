using System.Security.Cryptography;
using System.Text;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Tunewise.Data;
using Tunewise.Studies;

namespace Tunewise.Prompting;

/// <summary>
/// Chooses few-shot demonstrations for one example from a pool of train/dev examples.
/// Choices are deterministic per (arm, example), so a resumed run renders the same prompt
/// and the response cache recognises it.
/// </summary>
public sealed class DemonstrationSelector : IDisposable
{
    private const string TextField = "text";
    private const string IndexField = "idx";
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly string _arm;
    private readonly PromptSpec _prompt;
    private readonly IReadOnlyList<string> _inputFields;
    private readonly string _expectedField;
    private readonly IReadOnlyList<Example> _pool;
    private readonly Dictionary<string, Example> _byId;
    private StandardAnalyzer? _analyzer;
    private RAMDirectory? _directory;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;
    private bool _indexed;

    public DemonstrationSelector(string arm, PromptSpec prompt, IReadOnlyList<string> inputFields, string expectedField, IReadOnlyList<Example> pool)
    {
        _arm = arm;
        _prompt = prompt;
        _inputFields = inputFields;
        _expectedField = expectedField;
        _pool = pool;
        _byId = pool.GroupBy(e => e.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // The index lives in its own method so an arm without nearest-neighbour selection never loads Lucene.
        if (prompt.Select == DemonstrationSelection.Nearest && pool.Count > 0 && prompt.FewShot > 0)
            BuildIndex(pool);
    }

    private void BuildIndex(IReadOnlyList<Example> pool)
    {
        _indexed = true;
        var analyzer = _analyzer = new StandardAnalyzer(Version);
        var directory = _directory = new RAMDirectory();
        var config = new IndexWriterConfig(Version, analyzer) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < pool.Count; i++)
            {
                writer.AddDocument(new Document
                {
                    new StoredField(IndexField, i),
                    new TextField(TextField, InputText(pool[i]), Field.Store.NO),
                });
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public IReadOnlyList<Example> Select(Example example)
    {
        ArgumentNullException.ThrowIfNull(example);
        if (!_prompt.Demonstrations.IsDefaultOrEmpty)
        {
            // A fixed (optimized) set: the same demonstrations for every example, never the example itself.
            return _prompt.Demonstrations.Where(id => id != example.Id && _byId.ContainsKey(id)).Select(id => _byId[id]).ToList();
        }
        var k = Math.Min(_prompt.FewShot, _pool.Count);
        if (k <= 0)
            return [];
        var random = new Random(StableSeed(_arm, example.Id));
        var chosen = _prompt.Select switch
        {
            DemonstrationSelection.Nearest => Nearest(example, k, random),
            DemonstrationSelection.Stratified => Stratified(k, random),
            _ => RandomSample(k, random, _pool),
        };
        if (_prompt.Order == DemonstrationOrder.Shuffled)
        {
            var shuffled = chosen.ToArray();
            random.Shuffle(shuffled);
            return shuffled;
        }
        return chosen;
    }

    public string InputText(Example example) =>
        string.Join("\n", _inputFields.Select(f => example.Fields.TryGetValue(f, out var v) ? v : ""));

    private List<Example> Nearest(Example example, int k, Random random)
    {
        var text = InputText(example);
        Query query;
        try
        {
            query = new QueryParser(Version, TextField, _analyzer!).Parse(QueryParserBase.Escape(text));
        }
        catch (Exception ex) when (ex is ParseException or BooleanQuery.TooManyClausesException)
        {
            return RandomSample(k, random, _pool);
        }
        var hits = _searcher!.Search(query, k + 1).ScoreDocs;
        var result = new List<Example>(k);
        foreach (var hit in hits)
        {
            var candidate = _pool[_searcher.Doc(hit.Doc).GetField(IndexField).GetInt32Value()!.Value];
            if (candidate.Id != example.Id && result.Count < k)
                result.Add(candidate);
        }
        // Too few lexical matches: fill with random pool examples so every prompt has k demonstrations.
        if (result.Count < k)
            result.AddRange(RandomSample(k, random, _pool.Where(e => e.Id != example.Id && !result.Contains(e)).ToList()).Take(k - result.Count));
        return result;
    }

    private List<Example> Stratified(int k, Random random)
    {
        var byLabel = _pool.GroupBy(e => e.Fields.TryGetValue(_expectedField, out var v) ? v : "")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => RandomSample(g.Count(), random, g.ToList()))
            .ToList();
        var result = new List<Example>(k);
        for (var round = 0; result.Count < k; round++)
        {
            var added = false;
            foreach (var group in byLabel)
            {
                if (round < group.Count && result.Count < k)
                {
                    result.Add(group[round]);
                    added = true;
                }
            }
            if (!added)
                break;
        }
        return result;
    }

    private static List<Example> RandomSample(int k, Random random, IReadOnlyList<Example> from)
    {
        var indices = Enumerable.Range(0, from.Count).ToArray();
        random.Shuffle(indices);
        return indices.Take(k).Order().Select(i => from[i]).ToList();
    }

    private static int StableSeed(string arm, string exampleId) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(arm + "\u0000" + exampleId)), 0);

    public void Dispose()
    {
        // A flag, not a null test of a Lucene-typed field: that alone would load Lucene.
        if (_indexed)
            DisposeIndex();
    }

    private void DisposeIndex()
    {
        _reader?.Dispose();
        _directory?.Dispose();
        _analyzer?.Dispose();
    }
}
