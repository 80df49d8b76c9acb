namespace Tunewise.Studies;

/// <summary>Version facts about the library.</summary>
public static class TunewiseInfo
{
    public const string Name = "Tunewise";
}
