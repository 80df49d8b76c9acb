using System.Globalization;
using System.Text.Json;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Tunewise.Data.Splits;

namespace Tunewise.Storage;

/// <summary>
/// The SQLite run store: studies, runs, frozen test sets, arms, every per-call result and run-level
/// JSON artefacts. Each result is committed on its own as it arrives, so a killed process loses only
/// calls still in flight, and a rerun asks <see cref="GetCompletedAsync"/> what it can skip.
/// One connection serves the process; a lock serialises writers, so any thread may record results.
/// The file may hold other components' tables; the store only touches its own.
/// </summary>
public sealed class RunStore : IAsyncDisposable, IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteCommand? _insertResult;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private RunStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

    /// <summary>Where a study's store lives unless overridden: <c>.tunewise/tunewise.db</c> beside the study file.</summary>
    public static string DefaultPathFor(string studyFilePath)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(studyFilePath)) ?? ".";
        return System.IO.Path.Combine(directory, ".tunewise", "tunewise.db");
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and migrates it to the current schema.</summary>
    public static async Task<RunStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;", cancellationToken).ConfigureAwait(false);
            await MigrateAsync(connection, path, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 or 11)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new UserInputException($"{path}: not a Tunewise run store (SQLite says: {ex.Message})", ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RunStore(path, connection);
    }

    /// <summary>The schema version of the open file.</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default) =>
        Locked(() => UserVersionAsync(_connection, cancellationToken), cancellationToken);

    public static int LatestSchemaVersion => RunStoreSchema.LatestVersion;

    /// <summary>Starts a run of a study (recording the study and its file hash) and returns it.</summary>
    public Task<RunRecord> StartRunAsync(string studyName, string studyFileHash, string? studyFilePath = null, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            var now = DateTimeOffset.UtcNow;
            var run = new RunRecord($"{now:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}"[..29], studyName, studyFileHash, now, null, RunStatus.Running);
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var study = Command("""
                INSERT INTO studies(name, file_path, file_hash, created_at, updated_at) VALUES ($name, $path, $hash, $now, $now)
                ON CONFLICT(name) DO UPDATE SET file_path = COALESCE($path, file_path), file_hash = $hash, updated_at = $now
                """, transaction))
            {
                study.Parameters.AddWithValue("$name", studyName);
                study.Parameters.AddWithValue("$path", (object?)studyFilePath ?? DBNull.Value);
                study.Parameters.AddWithValue("$hash", studyFileHash);
                study.Parameters.AddWithValue("$now", Format(now));
                await study.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var insert = Command("INSERT INTO runs(id, study_name, study_hash, started_at, status) VALUES ($id, $name, $hash, $now, $status)", transaction))
            {
                insert.Parameters.AddWithValue("$id", run.Id);
                insert.Parameters.AddWithValue("$name", studyName);
                insert.Parameters.AddWithValue("$hash", studyFileHash);
                insert.Parameters.AddWithValue("$now", Format(now));
                insert.Parameters.AddWithValue("$status", run.Status.ToString());
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return run;
        }, cancellationToken);

    public Task FinishRunAsync(string runId, RunStatus status, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            await using var command = Command("UPDATE runs SET status = $status, finished_at = $now WHERE id = $id");
            command.Parameters.AddWithValue("$status", status.ToString());
            command.Parameters.AddWithValue("$now", Format(DateTimeOffset.UtcNow));
            command.Parameters.AddWithValue("$id", runId);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new UserInputException($"{Path}: no run '{runId}'");
            }

            return true;
        }, cancellationToken);

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            await using var command = Command("SELECT id, study_name, study_hash, started_at, finished_at, status FROM runs WHERE id = $id");
            command.Parameters.AddWithValue("$id", runId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRun(reader) : null;
        }, cancellationToken);

    /// <summary>Runs of a study, newest first.</summary>
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(string studyName, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<RunRecord>>(async () =>
        {
            await using var command = Command("SELECT id, study_name, study_hash, started_at, finished_at, status FROM runs WHERE study_name = $name ORDER BY started_at DESC, rowid DESC");
            command.Parameters.AddWithValue("$name", studyName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var runs = new List<RunRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                runs.Add(ReadRun(reader));
            }

            return runs;
        }, cancellationToken);

    /// <summary>The newest run of the study with the same study file hash: the one a rerun resumes.</summary>
    public async Task<RunRecord?> FindResumableRunAsync(string studyName, string studyFileHash, CancellationToken cancellationToken = default) =>
        (await ListRunsAsync(studyName, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.StudyFileHash == studyFileHash);

    public Task SaveFrozenTestSetAsync(string runId, FrozenTestSet frozen, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            await using var command = Command("""
                INSERT INTO frozen_test_sets(run_id, hash, count, json, created_at) VALUES ($run, $hash, $count, $json, $now)
                ON CONFLICT(run_id) DO UPDATE SET hash = $hash, count = $count, json = $json
                """);
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$hash", frozen.Hash);
            command.Parameters.AddWithValue("$count", frozen.Count);
            command.Parameters.AddWithValue("$json", frozen.ToJson());
            command.Parameters.AddWithValue("$now", Format(DateTimeOffset.UtcNow));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<FrozenTestSet?> GetFrozenTestSetAsync(string runId, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            await using var command = Command("SELECT json FROM frozen_test_sets WHERE run_id = $run");
            command.Parameters.AddWithValue("$run", runId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
                ? FrozenTestSet.FromJson(json, $"{Path} (run {runId})")
                : null;
        }, cancellationToken);

    public Task SaveArmAsync(ArmRecord arm, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            await using var command = Command("""
                INSERT INTO arms(run_id, name, model, config_json) VALUES ($run, $name, $model, $config)
                ON CONFLICT(run_id, name) DO UPDATE SET model = $model, config_json = $config
                """);
            command.Parameters.AddWithValue("$run", arm.RunId);
            command.Parameters.AddWithValue("$name", arm.Name);
            command.Parameters.AddWithValue("$model", arm.Model);
            command.Parameters.AddWithValue("$config", arm.ConfigJson);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<ArmRecord>> GetArmsAsync(string runId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<ArmRecord>>(async () =>
        {
            await using var command = Command("SELECT run_id, name, model, config_json FROM arms WHERE run_id = $run ORDER BY rowid");
            command.Parameters.AddWithValue("$run", runId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var arms = new List<ArmRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                arms.Add(new ArmRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            return arms;
        }, cancellationToken);

    /// <summary>
    /// Commits one result immediately (its own transaction). Recording the same key again replaces
    /// it, so a retried call overwrites its earlier error.
    /// </summary>
    public Task RecordResultAsync(ExampleResult result, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            // One prepared statement for the whole run: results arrive by the thousand.
            _insertResult ??= PrepareInsertResult();
            var p = _insertResult.Parameters;
            p["$run"].Value = result.RunId;
            p["$arm"].Value = result.Arm;
            p["$example"].Value = result.ExampleId;
            p["$repeat"].Value = result.Repeat;
            p["$output"].Value = (object?)result.Output ?? DBNull.Value;
            p["$expected"].Value = (object?)result.Expected ?? DBNull.Value;
            p["$score"].Value = (object?)result.ScoreJson ?? DBNull.Value;
            p["$error"].Value = (object?)result.Error ?? DBNull.Value;
            p["$prompt"].Value = (object?)result.Prompt ?? DBNull.Value;
            p["$retrieved"].Value = (object?)RetrievedDocuments.ToColumn(result.RetrievedDocumentIds) ?? DBNull.Value;
            p["$input"].Value = result.InputTokens;
            p["$cached"].Value = result.CachedInputTokens;
            p["$outputTokens"].Value = result.OutputTokens;
            // Decimal as invariant text: SQLite's REAL would round money.
            p["$cost"].Value = result.Cost.ToString(CultureInfo.InvariantCulture);
            p["$latency"].Value = result.Latency.TotalMilliseconds;
            p["$created"].Value = Format(result.CreatedAt);
            await _insertResult.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private SqliteCommand PrepareInsertResult()
    {
        var command = Command("""
            INSERT OR REPLACE INTO results(run_id, arm, example_id, repeat_index, output, expected, score_json, error, prompt,
                input_tokens, cached_tokens, output_tokens, cost, latency_ms, created_at, retrieved_json)
            VALUES ($run, $arm, $example, $repeat, $output, $expected, $score, $error, $prompt,
                $input, $cached, $outputTokens, $cost, $latency, $created, $retrieved)
            """);
        foreach (var name in new[] { "$run", "$arm", "$example", "$repeat", "$output", "$expected", "$score", "$error", "$prompt",
                     "$input", "$cached", "$outputTokens", "$cost", "$latency", "$created", "$retrieved" })
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    /// <summary>
    /// The (arm, example, repeat) keys of a run that already have a result; by default only
    /// successful ones, so a resumed run retries calls that failed.
    /// </summary>
    public Task<IReadOnlySet<ResultKey>> GetCompletedAsync(string runId, bool includeErrors = false, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlySet<ResultKey>>(async () =>
        {
            var sql = "SELECT arm, example_id, repeat_index FROM results WHERE run_id = $run" + (includeErrors ? string.Empty : " AND error IS NULL");
            await using var command = Command(sql);
            command.Parameters.AddWithValue("$run", runId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var keys = new HashSet<ResultKey>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(new ResultKey(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
            }

            return keys;
        }, cancellationToken);

    /// <summary>All results of a run (optionally of one arm), in arm, example, repeat order.</summary>
    public async IAsyncEnumerable<ExampleResult> ReadResultsAsync(string runId, string? arm = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Read into memory under the lock, so writers are not blocked by a slow consumer.
        var results = await Locked(async () =>
        {
            await using var command = Command("""
                SELECT run_id, arm, example_id, repeat_index, output, expected, score_json, error, prompt,
                       input_tokens, cached_tokens, output_tokens, cost, latency_ms, created_at, retrieved_json
                FROM results WHERE run_id = $run AND ($arm IS NULL OR arm = $arm)
                ORDER BY arm, example_id, repeat_index
                """);
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$arm", (object?)arm ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<ExampleResult>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (prompt, retrieved) = RetrievedDocuments.Read(NullableString(reader, 8), NullableString(reader, 15));
                list.Add(new ExampleResult
                {
                    RunId = reader.GetString(0),
                    Arm = reader.GetString(1),
                    ExampleId = reader.GetString(2),
                    Repeat = reader.GetInt32(3),
                    Output = NullableString(reader, 4),
                    Expected = NullableString(reader, 5),
                    ScoreJson = NullableString(reader, 6),
                    Error = NullableString(reader, 7),
                    Prompt = prompt,
                    RetrievedDocumentIds = retrieved,
                    InputTokens = reader.GetInt64(9),
                    CachedInputTokens = reader.GetInt64(10),
                    OutputTokens = reader.GetInt64(11),
                    Cost = decimal.Parse(reader.GetString(12), CultureInfo.InvariantCulture),
                    Latency = TimeSpan.FromMilliseconds(reader.GetDouble(13)),
                    CreatedAt = Parse(reader.GetString(14)),
                });
            }

            return list;
        }, cancellationToken).ConfigureAwait(false);

        foreach (var result in results)
        {
            yield return result;
        }
    }

    /// <summary>Stores a run artefact through its owner's JSON metadata, replacing one of the same name.</summary>
    public Task SaveAsync<T>(string runId, RunArtifact<T> artifact, T value, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(value);
        return SaveArtifactAsync(runId, artifact.StoredName, JsonSerializer.Serialize(value, artifact.Json), cancellationToken);
    }

    /// <summary>A stored run artefact, read through its owner's JSON metadata; null when the run has none of that name.</summary>
    public async Task<T?> LoadAsync<T>(string runId, RunArtifact<T> artifact, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var name = artifact.StoredName;
        var json = await GetArtifactAsync(runId, name, cancellationToken).ConfigureAwait(false);
        if (json is null)
            return null;
        try
        {
            return JsonSerializer.Deserialize(json, artifact.Json)
                ?? throw new InvalidDataException($"{Path}: run '{runId}' stores artefact '{name}' as null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path}: run '{runId}' stores artefact '{name}' in a form this version cannot read: {ex.Message}", ex);
        }
    }

    /// <summary>Stores an artefact's JSON text under its name, replacing one of the same name.</summary>
    internal Task SaveArtifactAsync(string runId, string name, string json, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            await using var command = Command("""
                INSERT INTO run_artifacts(run_id, name, json, created_at) VALUES ($run, $name, $json, $now)
                ON CONFLICT(run_id, name) DO UPDATE SET json = $json, created_at = $now
                """);
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$json", json);
            command.Parameters.AddWithValue("$now", Format(DateTimeOffset.UtcNow));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>An artefact's stored JSON text, or null.</summary>
    internal Task<string?> GetArtifactAsync(string runId, string name, CancellationToken cancellationToken = default) =>
        Locked(async () =>
        {
            await using var command = Command("SELECT json FROM run_artifacts WHERE run_id = $run AND name = $name");
            command.Parameters.AddWithValue("$run", runId);
            command.Parameters.AddWithValue("$name", name);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_insertResult is not null)
                await _insertResult.DisposeAsync().ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
            _lock.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static async Task MigrateAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var version = await UserVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version > RunStoreSchema.LatestVersion)
        {
            throw new UserInputException(
                $"{path}: this run store has schema version {version}, but this Tunewise knows versions up to {RunStoreSchema.LatestVersion}. "
                + "It was written by a newer Tunewise: upgrade, or point --store at another file.");
        }

        for (var step = version; step < RunStoreSchema.LatestVersion; step++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = RunStoreSchema.Migrations[step] + $"\nPRAGMA user_version = {step + 1};";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<int> UserVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private async Task<T> Locked<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static RunRecord ReadRun(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        Parse(reader.GetString(3)),
        reader.IsDBNull(4) ? null : Parse(reader.GetString(4)),
        Enum.Parse<RunStatus>(reader.GetString(5)));

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
