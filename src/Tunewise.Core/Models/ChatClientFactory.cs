using Microsoft.Extensions.AI;

namespace Tunewise.Models;

/// <summary>Creates the provider client for one model reference. Registered by provider name.</summary>
public delegate IChatClient ChatClientFactory(ModelReference reference, ModelContext context);
