namespace Tunewise.Cli;

/// <summary>Process exit codes, part of the public contract.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int InvalidInput = 1;
    public const int InternalError = 2;
}
