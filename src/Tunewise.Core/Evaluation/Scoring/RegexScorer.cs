using System.Text.RegularExpressions;

namespace Tunewise.Evaluation.Scoring;

/// <summary>
/// 1 when the output matches the configured pattern. <c>{{expected}}</c> in the pattern stands for the
/// example's gold value, escaped, so one pattern can check "the answer appears as a whole word".
/// </summary>
public sealed class RegexScorer : ScorerBase
{
    private const string ExpectedPlaceholder = "{{expected}}";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);
    private readonly Regex? _fixed;

    public RegexScorer(string pattern) : base("regex")
    {
        if (string.IsNullOrEmpty(pattern))
            throw new UserInputException("The regex metric needs a pattern (metric option 'pattern').");
        Pattern = pattern;
        if (!pattern.Contains(ExpectedPlaceholder, StringComparison.Ordinal))
            _fixed = Build(pattern);
    }

    public string Pattern { get; }

    public override ScoreResult Score(ScoreRequest request)
    {
        Regex regex;
        if (_fixed is not null)
        {
            regex = _fixed;
        }
        else
        {
            if (request.Expected is null)
                return NoExpected();
            regex = Build(Pattern.Replace(ExpectedPlaceholder, Regex.Escape(request.Expected), StringComparison.Ordinal));
        }
        try
        {
            var match = regex.IsMatch(request.Output);
            return ScoreResult.Binary(match, match ? null : $"output does not match /{regex}/");
        }
        catch (RegexMatchTimeoutException)
        {
            return ScoreResult.Unscorable($"pattern /{regex}/ took longer than {MatchTimeout.TotalSeconds:0} s on this output");
        }
    }

    private static Regex Build(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new UserInputException($"The regex metric's pattern /{pattern}/ is not a valid .NET regular expression: {e.Message}", e);
        }
    }
}
