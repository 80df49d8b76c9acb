namespace Tunewise.Lab.Tokenization;

/// <summary>One message as a chat template sees it: <c>message['role']</c> and <c>message['content']</c>.</summary>
public sealed record ChatMessageText(string Role, string Content);
