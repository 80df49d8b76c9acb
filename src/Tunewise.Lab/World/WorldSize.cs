namespace Tunewise.Lab.World;

public enum WorldSize
{
    Tiny,
    Default,
}
