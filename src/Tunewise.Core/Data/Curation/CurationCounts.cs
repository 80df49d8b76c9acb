using System.Text.Json.Serialization;

namespace Tunewise.Data.Curation;

/// <summary>
/// The headline numbers of a data check. Duplicates count redundant copies (a group of three
/// identical rows is 2); leakage counts examples that also appear in the test set; conflicts count groups.
/// </summary>
public sealed record CurationCounts(
    [property: JsonPropertyName("exact_duplicates")] int ExactDuplicates,
    [property: JsonPropertyName("near_duplicates")] int NearDuplicates,
    [property: JsonPropertyName("leakage")] int Leakage,
    [property: JsonPropertyName("label_conflicts")] int LabelConflicts,
    [property: JsonPropertyName("empty")] int Empty,
    [property: JsonPropertyName("overlong")] int Overlong);
