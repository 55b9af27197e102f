using System.Text.Json;
using System.Text.Json.Serialization;
using Palisade.Model.Items;

namespace Palisade.Model.Rendering;

/// <summary>The resolved catalogue as written by <c>palisade model export --format json</c>.</summary>
internal sealed record CatalogueExport(
    string Standard,
    string Version,
    string MappingBasisNote,
    IReadOnlyList<Characteristic> Characteristics,
    IReadOnlyList<Threat> Threats,
    IReadOnlyList<SecurityDomain> Domains,
    IReadOnlyList<LifecycleStage> LifecycleStages,
    IReadOnlyList<Scenario> Scenarios,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<Objective> Objectives,
    IReadOnlyList<ControlGroup> ControlGroups,
    IReadOnlyList<Control> Controls,
    IReadOnlyList<CatalogueNote> Notes)
{
    internal static CatalogueExport From(SrmCatalogue c) => new(
        c.Standard, c.Version,
        "Links whose basis is 'palisade-analysis' (threat→domain, control→threat, control→objective, objective→threat) are Palisade's own analysis; the standard does not state them.",
        c.Characteristics, c.Threats, c.Domains, c.LifecycleStages, c.Scenarios, c.Roles, c.Objectives, c.ControlGroups, c.Controls, c.Notes);

    /// <summary>Indented UTF-8 JSON, camelCase, enums as strings; deterministic for a given catalogue.</summary>
    internal static byte[] ToJson(SrmCatalogue catalogue) =>
        JsonSerializer.SerializeToUtf8Bytes(From(catalogue), CatalogueExportJsonContext.Default.CatalogueExport);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CatalogueExport))]
internal sealed partial class CatalogueExportJsonContext : JsonSerializerContext;
