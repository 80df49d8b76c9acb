namespace Tunewise.Results;

/// <summary>Where a fine-tuning arm's dev set came from.</summary>
public static class FineTuneDevSources
{
    /// <summary>The study's own dev split.</summary>
    public const string Study = "study";

    /// <summary>Held out of the training examples (<see cref="Tunewise.Studies.FineTuneDefaults.DevFraction"/>), and not trained on.</summary>
    public const string Carved = "carved_from_train";
}
