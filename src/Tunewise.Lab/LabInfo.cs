namespace Tunewise.Lab;

public static class LabInfo
{
    public const string Name = "Tunewise.Lab";
}
