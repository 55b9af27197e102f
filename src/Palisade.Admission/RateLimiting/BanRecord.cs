namespace Palisade.Admission.RateLimiting;

/// <summary>One ban list entry on the wall clock, as persisted: when the key was banned, until when, and which ban it was.</summary>
/// <typeparam name="TKey">Device id or address key.</typeparam>
internal readonly record struct BanRecord<TKey>(TKey Key, DateTimeOffset BannedAt, DateTimeOffset Until, int Strike);
