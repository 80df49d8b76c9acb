using System.Text.Json;
using System.Text.Json.Serialization;
using Tunewise.Decision;
using Tunewise.Reports;
using Tunewise.Serialization;
using Xunit;

namespace Tunewise.Core.Tests.Serialization;

/// <summary>
/// The native build serializes only through source-generated metadata and typed enum converters; these check that
/// nothing is left to reflection.
/// </summary>
public sealed class SourceGeneratedJsonTests
{
    [Fact]
    public void Every_public_enum_of_the_core_has_a_typed_snake_case_converter()
    {
        var enums = typeof(StudyReport).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).ToList();
        var covered = SnakeCaseEnums.Converters.Select(c => c.GetType())
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(JsonStringEnumConverter<>))
            .Select(t => t.GetGenericArguments()[0])
            .ToHashSet();

        Assert.NotEmpty(enums);
        Assert.Empty(enums.Where(e => !covered.Contains(e)).Select(e => e.FullName));
    }

    [Fact]
    public void A_typed_converter_writes_the_same_name_the_reflection_converter_did()
    {
        var typed = DecisionJson.Serialize(RecommendationKind.FineTune);
        var reflected = JsonSerializer.Serialize(RecommendationKind.FineTune, new JsonSerializerOptions
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        });

        Assert.Equal(reflected, typed);
    }

    [Fact]
    public void Report_options_have_no_reflection_fallback()
    {
        // A type outside the source-generated context fails here as it would in the native build.
        var error = Assert.Throws<NotSupportedException>(() => TypedJson.Serialize(new Uri("https://example.org"), StudyReport.JsonOptions));

        Assert.Contains("Uri", error.Message, StringComparison.Ordinal);
    }
}
