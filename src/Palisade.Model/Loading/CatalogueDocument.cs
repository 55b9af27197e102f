namespace Palisade.Model.Loading;

// The on-disk shape of the catalogue (Data/srm-iip.json). Everything is nullable and mutable so that the
// source-generated deserialiser never throws on a missing field; CatalogueBuilder reports what is missing instead.
#pragma warning disable CA2227 // Collection setters are needed by the deserialiser; these DTOs never leave the loader.

internal sealed class CatalogueDocument
{
    public string? Version { get; set; }
    public string? Standard { get; set; }
    public List<ItemDto>? Characteristics { get; set; }
    public List<ThreatDto>? Threats { get; set; }
    public List<DomainDto>? Domains { get; set; }
    public List<RoleDto>? Roles { get; set; }
    public List<StageDto>? Stages { get; set; }
    public List<ScenarioDto>? Scenarios { get; set; }
    public List<ObjectiveDto>? Objectives { get; set; }
    public List<ControlGroupDto>? ControlGroups { get; set; }
    public List<ControlDto>? Controls { get; set; }
    public List<NoteDto>? Notes { get; set; }
}

internal class ItemDto
{
    public string? Id { get; set; }
    public string? Clause { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
}

internal sealed class ThreatDto : ItemDto
{
    public string? Parent { get; set; }
    public CharacteristicRefDto? CharacteristicRef { get; set; }
    public List<MappingDto>? Domains { get; set; }
}

internal sealed class CharacteristicRefDto
{
    public string? Published { get; set; }
    public List<string>? Resolved { get; set; }
    public string? Reason { get; set; }
}

internal sealed class MappingDto
{
    public string? Id { get; set; }
    public string? Why { get; set; }
}

internal sealed class DomainDto : ItemDto
{
    public string? CodeArea { get; set; }
}

internal sealed class RoleDto : ItemDto
{
    public List<string>? Clauses { get; set; }
    public List<RelationDto>? Relations { get; set; }
}

internal sealed class RelationDto
{
    public string? Verb { get; set; }
    public string? Role { get; set; }
    public string? Clause { get; set; }
}

internal sealed class ThreatRefDto
{
    /// <summary>Only in scenarios: T1, T2...</summary>
    public string? Tn { get; set; }
    public string? Label { get; set; }
    public string? Published { get; set; }
    public string? Threat { get; set; }
    public string? Reason { get; set; }
}

internal sealed class StageDto : ItemDto
{
    public List<string>? SystemStages { get; set; }
    public List<string>? Roles { get; set; }
    public List<ThreatRefDto>? Threats { get; set; }
}

internal sealed class ScenarioDto : ItemDto
{
    public List<string>? Roles { get; set; }
    public List<ThreatRefDto>? Threats { get; set; }
}

internal sealed class CoverageDto
{
    public string? Kind { get; set; }
    public int? Issue { get; set; }
    public List<string>? CodePaths { get; set; }
    public string? Note { get; set; }
}

internal sealed class ObjectiveDto : ItemDto
{
    public string? MappingBasis { get; set; }
    public List<MappingDto>? Counters { get; set; }
    public CoverageDto? Coverage { get; set; }
}

internal sealed class ControlGroupDto : ItemDto
{
    public string? Parent { get; set; }
    public bool TextAbsent { get; set; }
}

internal sealed class ControlDto : ItemDto
{
    public string? Group { get; set; }
    public string? Form { get; set; }
    public string? MappingBasis { get; set; }
    public List<MappingDto>? Counters { get; set; }
    public List<MappingDto>? Serves { get; set; }
    public CoverageDto? Coverage { get; set; }
}

internal sealed class NoteDto : ItemDto
{
    public List<string>? Related { get; set; }
}
