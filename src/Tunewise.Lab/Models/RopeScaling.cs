namespace Tunewise.Lab.Models;

/// <summary>
/// The <c>rope_scaling</c> block of a Llama config. <see cref="Type"/> is "linear" or "llama3";
/// the llama3 fields are only read for that type.
/// </summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFreqFactor = 1.0,
    double HighFreqFactor = 4.0,
    int OriginalMaxPositionEmbeddings = 8192);
