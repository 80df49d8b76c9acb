namespace Tunewise.Storage;

/// <summary>One execution of a study. <see cref="StudyFileHash"/> tells whether the study changed since.</summary>
public sealed record RunRecord(
    string Id,
    string StudyName,
    string StudyFileHash,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    RunStatus Status);
