namespace Tunewise.Lab.Training;

/// <summary>What one optimizer step did.</summary>
public sealed record TrainingStep(int Step, int TotalSteps, int Epoch, float Loss, double LearningRate, long Tokens);
