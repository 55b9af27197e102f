using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;

namespace Palisade.Assessment.Rules;

/// <summary>Facts about an asset's flows, as plain loops over spans: rules call these for every asset, so no enumerator or closure is allocated.</summary>
internal static class FlowFacts
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AnyOfClass(ReadOnlySpan<DataFlow> flows, DataClass dataClass)
    {
        foreach (var flow in flows)
        {
            if (flow.Class == dataClass)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AnyConfidential(ReadOnlySpan<DataFlow> flows)
    {
        foreach (var flow in flows)
        {
            if (Ids.IsConfidential(flow.Class))
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AnyAuthenticated(ReadOnlySpan<DataFlow> flows)
    {
        foreach (var flow in flows)
        {
            if (flow.Authenticated)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountWithoutIntegrity(ReadOnlySpan<DataFlow> flows)
    {
        var count = 0;
        foreach (var flow in flows)
        {
            count += flow.IntegrityProtected ? 0 : 1;
        }

        return count;
    }
}
