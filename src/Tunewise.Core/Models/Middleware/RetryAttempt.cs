namespace Tunewise.Models.Middleware;

/// <summary>A retry about to happen: which attempt failed, why, and how long the client waits.</summary>
public sealed record RetryAttempt(int FailedAttempt, ModelCallErrorKind Reason, int? StatusCode, TimeSpan Delay, bool ServerRequestedDelay);
