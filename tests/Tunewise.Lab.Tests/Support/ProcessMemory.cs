namespace Tunewise.Lab.Tests.Support;

internal static class ProcessMemory
{
    /// <summary>Resident set size in kB, from /proc/self/status.</summary>
    public static long ResidentKilobytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("VmRSS not found in /proc/self/status.");
    }
}
