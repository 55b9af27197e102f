namespace Palisade.Assessment.Catalogue;

/// <summary>
/// What the description checks and the engine need from the SRM-IIP catalogue. Kept narrow so the engine does not
/// depend on the catalogue's shape, and so tests can run on a small catalogue of their own.
/// </summary>
internal interface ICatalogueView
{
    /// <summary>Version string of the catalogue, carried into every result.</summary>
    string Version { get; }

    bool HasThreat(string id);

    bool HasControl(string id);

    bool HasScenario(string id);

    bool HasCharacteristic(string id);

    /// <summary>True when the role name is one the catalogue knows (or the catalogue does not list roles).</summary>
    bool IsKnownRole(string role);

    /// <summary>Ids of the security domains (7.2), by the description's spelling.</summary>
    string DomainId(Description.SecurityDomain domain);

    /// <summary>Id of a life-cycle stage (7.3).</summary>
    string StageId(Description.LifeCycleStage stage);

    /// <summary>Stages whose threat list (7.3.2–7.3.4) contains the threat.</summary>
    IReadOnlyList<string> StagesListing(string threatId);

    /// <summary>The Tn items of a scenario that refer to the threat, as ids (e.g. <c>scenario.7.4.2.T5</c>).</summary>
    IReadOnlyList<string> ScenarioThreats(string scenarioId, string threatId);

    /// <summary>Objectives (8.1) served by countering the threat (the catalogue's analysis).</summary>
    IReadOnlyList<string> ObjectivesFor(string threatId);

    /// <summary>Objectives (8.1) a control serves (the catalogue's analysis).</summary>
    IReadOnlyList<string> ObjectivesServedBy(string controlId);

    /// <summary>Controls (8.2) the catalogue says counter the threat (its analysis).</summary>
    IReadOnlyList<string> ControlsFor(string threatId);
}
