namespace Tunewise.Studies;

/// <summary>Price of a model in US dollars per million tokens.</summary>
public sealed record ModelPrice(decimal InputPerMTok, decimal OutputPerMTok, decimal? CachedInputPerMTok = null);
