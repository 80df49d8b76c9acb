using Microsoft.Extensions.AI;
using Tunewise.Studies;

namespace Tunewise.Models;

/// <summary>A study model ready to call: its middleware pipeline and its price (null when unknown).</summary>
public sealed record StudyModel(IChatClient Client, ModelPrice? Price);
