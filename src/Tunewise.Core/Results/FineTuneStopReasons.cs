namespace Tunewise.Results;

/// <summary>Why training ended, as reports write it.</summary>
public static class FineTuneStopReasons
{
    public const string Completed = "completed";
    public const string EarlyStopping = "early_stopping";
    public const string MaxSteps = "max_steps";
    public const string MaxMinutes = "max_minutes";
}
