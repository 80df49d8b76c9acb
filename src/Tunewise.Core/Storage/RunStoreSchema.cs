namespace Tunewise.Storage;

/// <summary>
/// The run store's schema as an ordered list of migrations. The file's <c>PRAGMA user_version</c>
/// says how many have been applied; opening a file applies the rest. Steps are append-only: a
/// released step is never edited, a change is a new step.
/// </summary>
internal static class RunStoreSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        // 1: studies, runs, the frozen test set, arms and per-call results.
        """
        CREATE TABLE IF NOT EXISTS studies (
            name        TEXT PRIMARY KEY,
            file_path   TEXT,
            file_hash   TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            updated_at  TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS runs (
            id          TEXT PRIMARY KEY,
            study_name  TEXT NOT NULL REFERENCES studies(name),
            study_hash  TEXT NOT NULL,
            started_at  TEXT NOT NULL,
            finished_at TEXT,
            status      TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS runs_by_study ON runs(study_name, started_at);
        CREATE TABLE IF NOT EXISTS frozen_test_sets (
            run_id      TEXT PRIMARY KEY REFERENCES runs(id),
            hash        TEXT NOT NULL,
            count       INTEGER NOT NULL,
            json        TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS arms (
            run_id      TEXT NOT NULL REFERENCES runs(id),
            name        TEXT NOT NULL,
            model       TEXT NOT NULL,
            config_json TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        CREATE TABLE IF NOT EXISTS results (
            run_id          TEXT NOT NULL REFERENCES runs(id),
            arm             TEXT NOT NULL,
            example_id      TEXT NOT NULL,
            repeat_index    INTEGER NOT NULL,
            output          TEXT,
            expected        TEXT,
            score_json      TEXT,
            error           TEXT,
            prompt          TEXT,
            input_tokens    INTEGER NOT NULL,
            cached_tokens   INTEGER NOT NULL,
            output_tokens   INTEGER NOT NULL,
            cost            TEXT NOT NULL,
            latency_ms      REAL NOT NULL,
            created_at      TEXT NOT NULL,
            PRIMARY KEY (run_id, arm, example_id, repeat_index)
        );
        """,
        // 2: run-level JSON artefacts (curation report, final report, ...).
        """
        CREATE TABLE IF NOT EXISTS run_artifacts (
            run_id      TEXT NOT NULL REFERENCES runs(id),
            name        TEXT NOT NULL,
            json        TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        """,
        // 3: the documents a retrieval or oracle arm put in a prompt's context, as a JSON array of ids in rank order.
        // Stores written before kept them on a last line of the prompt; reading still understands that form.
        """
        ALTER TABLE results ADD COLUMN retrieved_json TEXT;
        """,
    ];

    public static int LatestVersion => Migrations.Count;
}
