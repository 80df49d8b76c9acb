using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace Tunewise.Models.Middleware;

/// <summary>
/// Model responses by cache key in the <c>response_cache</c> table of a SQLite file (WAL mode), which other
/// tables may share. Only hashes and responses are stored: never keys or headers. One connection with
/// prepared statements serves every call (SQLite writes one at a time anyway), so a cached lookup costs
/// a few microseconds rather than a connection and three statement compilations.
/// </summary>
public sealed class SqliteResponseCache
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _connection;
    private SqliteCommand? _get;
    private SqliteCommand? _set;

    public SqliteResponseCache(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task<ChatResponse?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        string? json;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
            _get!.Parameters["$key"].Value = key;
            json = await _get.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }
        finally
        {
            _gate.Release();
        }

        return json is null ? null : CachedResponseJson.Read(json);
    }

    public async Task SetAsync(string key, string model, ChatResponse response, CancellationToken cancellationToken)
    {
        var json = CachedResponseJson.Write(response);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
            var p = _set!.Parameters;
            p["$key"].Value = key;
            p["$model"].Value = model;
            p["$json"].Value = json;
            p["$created"].Value = DateTimeOffset.UtcNow.ToString("O");
            await _set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureOpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = _connection!.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM response_cache";
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Called with the gate held.
    private async Task EnsureOpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (var setup = connection.CreateCommand())
            {
                // In WAL mode NORMAL is still safe against corruption and skips an fsync per write; a crash may lose the
                // last few cached responses, which only means asking again.
                setup.CommandText = """
                    PRAGMA journal_mode = WAL;
                    PRAGMA synchronous = NORMAL;
                    PRAGMA busy_timeout = 30000;
                    CREATE TABLE IF NOT EXISTS response_cache (
                        key TEXT PRIMARY KEY,
                        model TEXT NOT NULL,
                        response_json TEXT NOT NULL,
                        created_utc TEXT NOT NULL);
                    """;
                await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _get = connection.CreateCommand();
            _get.CommandText = "SELECT response_json FROM response_cache WHERE key = $key";
            _get.Parameters.Add("$key", SqliteType.Text);
            _set = connection.CreateCommand();
            _set.CommandText = """
                INSERT INTO response_cache (key, model, response_json, created_utc) VALUES ($key, $model, $json, $created)
                ON CONFLICT(key) DO UPDATE SET response_json = excluded.response_json, created_utc = excluded.created_utc
                """;
            foreach (var name in new[] { "$key", "$model", "$json", "$created" })
            {
                _set.Parameters.Add(name, SqliteType.Text);
            }

            _connection = connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
