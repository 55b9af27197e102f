namespace Palisade.Assessment.Description;

/// <summary>What an asset is.</summary>
public enum AssetKind
{
    Sensor,
    Actuator,
    Plc,
    Gateway,
    EdgePlatform,
    Host,
    Server,
    Application,
    NetworkDevice,
    CloudService,
    Robot,
}

/// <summary>Security domains of an IIP (ISO/IEC 24392 7.2).</summary>
public enum SecurityDomain
{
    /// <summary>7.2.2 edge.</summary>
    Edge,
    /// <summary>7.2.3 cloud infrastructure.</summary>
    CloudInfrastructure,
    /// <summary>7.2.4 platform.</summary>
    Platform,
    /// <summary>7.2.5 application.</summary>
    Application,
}

/// <summary>Life-cycle stages (ISO/IEC 24392 7.3).</summary>
public enum LifeCycleStage
{
    /// <summary>7.3.2 development and production.</summary>
    DevelopmentProduction,
    /// <summary>7.3.3 utilization and support.</summary>
    UtilizationSupport,
    /// <summary>7.3.4 retirement.</summary>
    Retirement,
}
