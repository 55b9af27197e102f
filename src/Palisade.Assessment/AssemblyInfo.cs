// The assessment engine lives in this assembly (see docs/architecture.md).
[assembly: System.CLSCompliant(false)]
