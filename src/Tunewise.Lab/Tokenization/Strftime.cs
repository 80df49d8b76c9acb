using System.Globalization;
using System.Text;

namespace Tunewise.Lab.Tokenization;

/// <summary>Python's <c>strftime</c> for the directives chat templates use to print a date, in the C locale.</summary>
internal static class Strftime
{
    public static string Format(DateTime time, string format)
    {
        var text = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                text.Append(format[i]);
                continue;
            }
            char directive = format[++i];
            text.Append(directive switch
            {
                'd' => time.Day.ToString("00", CultureInfo.InvariantCulture),
                'm' => time.Month.ToString("00", CultureInfo.InvariantCulture),
                'Y' => time.Year.ToString("0000", CultureInfo.InvariantCulture),
                'y' => (time.Year % 100).ToString("00", CultureInfo.InvariantCulture),
                'b' => time.ToString("MMM", CultureInfo.InvariantCulture),
                'B' => time.ToString("MMMM", CultureInfo.InvariantCulture),
                'a' => time.ToString("ddd", CultureInfo.InvariantCulture),
                'A' => time.ToString("dddd", CultureInfo.InvariantCulture),
                'H' => time.Hour.ToString("00", CultureInfo.InvariantCulture),
                'I' => (time.Hour % 12 == 0 ? 12 : time.Hour % 12).ToString("00", CultureInfo.InvariantCulture),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'M' => time.Minute.ToString("00", CultureInfo.InvariantCulture),
                'S' => time.Second.ToString("00", CultureInfo.InvariantCulture),
                'j' => time.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                '%' => "%",
                _ => throw new ChatTemplateException($"Chat template: strftime_now does not support '%{directive}'."),
            });
        }
        return text.ToString();
    }
}
