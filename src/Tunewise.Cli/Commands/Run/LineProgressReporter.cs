using System.Globalization;
using System.Text;
using Spectre.Console;
using Tunewise.Progress;

namespace Tunewise.Cli.Commands.Run;

/// <summary>
/// Progress for output that is not a terminal (a log file, CI): a line when a task starts and when it ends, and
/// at most one line per <see cref="Interval"/> in between that states every running task's progress and its time left. Spectre's own
/// fallback prints every task whenever any task passes a milestone, so a log repeated a finished arm's
/// "100%" once for every step of the arms still running.
/// </summary>
internal sealed class LineProgressReporter(IAnsiConsole console, TimeProvider? time = null, TimeSpan? interval = null) : IProgressReporter
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly List<LineTask> _running = [];
    private long _lastLine = long.MinValue;
    private bool _changed;

    /// <summary>Shortest time between two progress lines.</summary>
    public TimeSpan Interval { get; } = interval ?? TimeSpan.FromSeconds(5);

    public IProgressTask Start(string description, double total)
    {
        var task = new LineTask(this, description, Math.Max(total, 1), _time.GetTimestamp());
        lock (_gate)
        {
            if (_lastLine == long.MinValue) _lastLine = task.StartedAt;
            _running.Add(task);
            Write($"started: {description}");
        }
        return task;
    }

    private void Changed()
    {
        lock (_gate)
        {
            _changed = true;
            long now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_lastLine, now) < Interval) return;
            WriteProgress(now);
        }
    }

    private void Finished(LineTask task)
    {
        lock (_gate)
        {
            if (!_running.Remove(task)) return;
            var elapsed = _time.GetElapsedTime(task.StartedAt);
            Write($"done: {task.Description} ({Count(task.Value)}/{Count(task.Total)}) in {Duration(elapsed)}");
        }
    }

    private void WriteProgress(long now)
    {
        _lastLine = now;
        if (!_changed || _running.Count == 0) return;
        _changed = false;
        var line = new StringBuilder("progress: ");
        for (int i = 0; i < _running.Count; i++)
        {
            var task = _running[i];
            if (i > 0) line.Append(" | ");
            line.Append(task.Description).Append(' ')
                .Append(Count(Math.Min(task.Value, task.Total))).Append('/').Append(Count(task.Total))
                .Append(" (").Append(Math.Round(100 * Math.Min(task.Value, task.Total) / task.Total).ToString("0", CultureInfo.InvariantCulture)).Append('%')
                .Append(Remaining(task, now)).Append(')');
        }
        Write(line.ToString());
    }

    /// <summary>
    /// ", ETA 1m20s" at the task's rate since its first update (a resumed task's first update jumps to where it resumed,
    /// which says nothing of its rate); empty until two updates give a rate, and once the task is complete.
    /// </summary>
    private string Remaining(LineTask task, long now)
    {
        if (task.FirstUpdate is not { } first || task.Value >= task.Total) return "";
        var done = task.Value - task.FirstValue;
        var elapsed = _time.GetElapsedTime(first, now);
        if (done <= 0 || elapsed <= TimeSpan.Zero) return "";
        return ", ETA " + Duration(TimeSpan.FromSeconds(elapsed.TotalSeconds / done * (task.Total - task.Value)));
    }

    private void Write(string line) => console.WriteLine(line);

    private static string Count(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan elapsed) => elapsed.TotalMinutes >= 1
        ? $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:D2}s"
        : elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private sealed class LineTask(LineProgressReporter owner, string description, double total, long startedAt) : IProgressTask
    {
        private double _value;

        public string Description { get; private set; } = description;

        public double Total { get; } = total;

        public long StartedAt { get; } = startedAt;

        public double Value => Volatile.Read(ref _value);

        /// <summary>When the first update came, and the value it left: where the rate is measured from.</summary>
        public long? FirstUpdate { get; private set; }

        public double FirstValue { get; private set; }

        public void Increment(double amount = 1)
        {
            lock (owner._gate)
            {
                _value += amount;
                if (FirstUpdate is null)
                {
                    FirstUpdate = owner._time.GetTimestamp();
                    FirstValue = _value;
                }
            }
            owner.Changed();
        }

        public void Describe(string description)
        {
            lock (owner._gate) Description = description;
            owner.Changed();
        }

        public void Dispose() => owner.Finished(this);
    }
}
