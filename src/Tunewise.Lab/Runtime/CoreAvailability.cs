using System.Globalization;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// How many cores this process can use right now: the cores it was given (affinity and container limits, as
/// <see cref="Environment.ProcessorCount"/> reports them) that are free: ours plus the idle ones. Torch's OpenMP
/// threads wait for each other at every operation, so a thread placed on a core that another process holds stalls
/// the whole team: on a two-core machine with the second core taken, two threads trained several times slower than one.
/// </summary>
internal static class CoreAvailability
{
    // Readings older than this are taken again; newer ones are reused, so the check costs nothing per operation.
    private static readonly TimeSpan ReadingLifetime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstWindow = TimeSpan.FromMilliseconds(60);

    private static readonly Lock Gate = new();
    private static (long Total, long Idle, long Own, long Ticks)? _last;
    private static int _available;
    private static long _availableAt;

    public static int Available()
    {
        int given = Environment.ProcessorCount;
        if (given <= 1 || !OperatingSystem.IsLinux()) return Math.Max(1, given);
        lock (Gate)
        {
            long now = Environment.TickCount64;
            if (_available > 0 && now - _availableAt < ReadingLifetime.TotalMilliseconds) return _available;
            try
            {
                var before = _last ?? Read(now);
                if (_last is null)
                {
                    Thread.Sleep(FirstWindow);
                    now = Environment.TickCount64;
                }
                var after = Read(now);
                _last = after;
                _available = Estimate(given, after.Total - before.Total, after.Idle - before.Idle);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                _available = given;
            }
            _availableAt = now;
            return _available;
        }
    }

    /// <summary>
    /// The core this thread runs on plus the cores that were idle during the window, rounded. This process's own
    /// busy time is not counted as free: OpenMP threads spin while they wait for each other, so a process stalled on
    /// two contended cores looks as busy as one using them well. On an idle machine the count can alternate between
    /// readings (all cores busy with our own threads reads as none idle); that costs some speed, never the stall.
    /// Times are in the kernel's clock ticks summed over all cores.
    /// </summary>
    internal static int Estimate(int given, long totalTicks, long idleTicks)
    {
        if (totalTicks <= 0) return given;
        double idle = (double)idleTicks / totalTicks * given;
        return Math.Clamp(1 + (int)Math.Round(idle, MidpointRounding.AwayFromZero), 1, given);
    }

    private static (long Total, long Idle, long Own, long Ticks) Read(long now)
    {
        // /proc/stat's first line: "cpu  user nice system idle iowait irq softirq steal ..." summed over all cores.
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long[] fields = cpu.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        long total = fields.Sum();
        long idle = fields[3] + fields[4];
        // /proc/self/stat: fields 14 and 15 (utime, stime) follow the parenthesised command name, which may hold spaces.
        var self = File.ReadAllText("/proc/self/stat");
        var rest = self[(self.LastIndexOf(')') + 2)..].Split(' ');
        long own = long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
        return (total, idle, own, now);
    }
}
