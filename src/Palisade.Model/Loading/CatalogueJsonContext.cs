using System.Text.Json;
using System.Text.Json.Serialization;

namespace Palisade.Model.Loading;

// Source-generated: no reflection at start, and unknown members are refused so a typo in the data is an error.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    MaxDepth = 16)]
[JsonSerializable(typeof(CatalogueDocument))]
internal sealed partial class CatalogueJsonContext : JsonSerializerContext;
