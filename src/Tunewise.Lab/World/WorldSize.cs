namespace Tunewise.Lab.World;

public enum WorldSize
{
    Tiny,
    Default,
    /// <summary>The task files of the built-in default study: smaller test sets, no pretraining corpus needed.</summary>
    Study,
}
