namespace Tunewise.Results;

/// <param name="AgreementOnTest">Share of test examples where the student's answer equals the teacher arm's; null when the teacher is not an arm that ran.</param>
public sealed record TeacherSummary(string Name, string Model, int Calls, double Seconds, decimal? CostUsd, double? AgreementOnTest);
