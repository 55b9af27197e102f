// The SRM-IIP catalogue lives in this assembly (see docs/architecture.md).
[assembly: System.CLSCompliant(false)]
