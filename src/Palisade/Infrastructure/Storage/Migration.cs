namespace Palisade.Infrastructure.Storage;

/// <summary>One schema step. Versions start at 1 and never change once released; new steps are appended.</summary>
internal sealed record Migration(int Version, string Name, string Sql);
