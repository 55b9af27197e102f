using System.Text.Json.Serialization;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Reports;

/// <summary>
/// Source-generated System.Text.Json metadata for the assessment result: no reflection at run time (trimming and AOT
/// safe), properties written in declaration order (stable), enums as their names, LF line ends on every OS.
/// The same context reads a result back for <c>--baseline</c>.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    NewLine = "\n",
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(AssessmentResult))]
internal sealed partial class AssessmentJsonContext : JsonSerializerContext;
