namespace Tunewise.Data;

/// <summary>What text comparisons ignore. Combine flags; <see cref="Default"/> suits most label and short-answer tasks.</summary>
[Flags]
public enum TextNormalization
{
    None = 0,
    UnicodeNfkc = 1,
    Trim = 2,
    CollapseWhitespace = 4,
    IgnoreCase = 8,
    StripPunctuation = 16,
    StripTrailingPeriod = 32,
    Default = UnicodeNfkc | Trim | CollapseWhitespace | IgnoreCase | StripTrailingPeriod,
}
