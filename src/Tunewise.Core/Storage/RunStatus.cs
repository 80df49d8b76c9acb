namespace Tunewise.Storage;

/// <summary>Where a run stands. A run left <see cref="Running"/> by a killed process can be resumed.</summary>
public enum RunStatus
{
    Running,
    Completed,
    Failed,
    Cancelled,
}
