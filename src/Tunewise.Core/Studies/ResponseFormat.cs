namespace Tunewise.Studies;

/// <summary>What the arm asks the model to return.</summary>
public enum ResponseFormat
{
    Text,
    Json,
    JsonSchema,
}
