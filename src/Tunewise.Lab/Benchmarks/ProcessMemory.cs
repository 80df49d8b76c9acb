using System.Globalization;

namespace Tunewise.Lab.Benchmarks;

/// <summary>This process's memory as Linux reports it in /proc/self.</summary>
public static class ProcessMemory
{
    /// <summary>Resident set size now, in bytes (VmRSS).</summary>
    public static long ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>Peak resident set size since start or the last <see cref="ResetPeak"/>, in bytes (VmHWM).</summary>
    public static long PeakResidentBytes() => ReadStatus("VmHWM:");

    /// <summary>Resets the peak (VmHWM) to the current RSS; false where the kernel does not allow it.</summary>
    public static bool ResetPeak()
    {
        try
        {
            // "5" in clear_refs resets the high-water mark (Documentation/filesystems/proc.rst).
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
            var parts = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
        }
        throw new PlatformNotSupportedException($"/proc/self/status has no {field} line; memory figures need Linux.");
    }
}
