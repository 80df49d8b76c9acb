namespace Tunewise.Data;

/// <summary>The file formats task data can come in.</summary>
public enum DataFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>One JSON object per line.</summary>
    Jsonl,

    /// <summary>OpenAI fine-tuning chat format: one <c>{"messages":[...]}</c> object per line.</summary>
    ChatJsonl,
}
