namespace Tunewise.Lab.Tokenization;

/// <summary>A chat template uses something the renderer does not support, or raised an error itself.</summary>
public sealed class ChatTemplateException(string message) : UserInputException(message);
