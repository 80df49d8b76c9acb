namespace Tunewise.Decision;

/// <summary>One of the four practical warnings, checked against the study's records.</summary>
public sealed record PracticalCheck(string Name, CheckStatus Status, string Detail);
