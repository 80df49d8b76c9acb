namespace Tunewise.Models;

/// <summary>
/// Opens the context window of one model reference without calling the model (null when it is unknown). Registered by
/// provider name beside the <see cref="ChatClientFactory"/>.
/// </summary>
public delegate IModelContextWindow? ContextWindowFactory(ModelReference reference, ModelContext context);
