namespace Palisade.Edge.Identity;

/// <summary>What kind of identity a connection authenticated as.</summary>
internal enum PrincipalKind
{
    Device,
    Application,
}
