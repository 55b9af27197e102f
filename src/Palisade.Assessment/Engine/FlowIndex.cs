using System.Runtime.CompilerServices;
using Palisade.Assessment.Description;

namespace Palisade.Assessment.Engine;

/// <summary>
/// Flows grouped by one end (sender or receiver): one array sorted by the end's asset index, and where each asset's
/// slice starts, so a lookup is one dictionary hit and a span, with no list per asset. Flows keep their description
/// order within a slice. Flows whose end names no asset (only possible in a description that skipped validation)
/// are kept by id on the side, so <see cref="Of"/> answers exactly what a dictionary of lists did.
/// </summary>
internal sealed class FlowIndex
{
    private readonly DataFlow[] _flows;
    private readonly int[] _starts;
    private readonly Dictionary<string, List<DataFlow>>? _unresolved;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public FlowIndex(IReadOnlyList<DataFlow> flows, int[] endIndex, int assetCount, Func<DataFlow, string> end)
    {
        _starts = new int[assetCount + 1];
        var resolved = 0;
        foreach (var index in endIndex)
        {
            if (index >= 0)
            {
                _starts[index + 1]++;
                resolved++;
            }
        }

        for (var i = 1; i < _starts.Length; i++)
        {
            _starts[i] += _starts[i - 1];
        }

        _flows = new DataFlow[resolved];
        var next = (int[])_starts.Clone();
        for (var i = 0; i < endIndex.Length; i++)
        {
            var index = endIndex[i];
            if (index >= 0)
            {
                _flows[next[index]++] = flows[i];
            }
            else
            {
                _unresolved ??= new Dictionary<string, List<DataFlow>>(StringComparer.Ordinal);
                var key = end(flows[i]);
                if (!_unresolved.TryGetValue(key, out var list))
                {
                    list = [];
                    _unresolved.Add(key, list);
                }

                list.Add(flows[i]);
            }
        }
    }

    /// <summary>The flows whose end is the asset at <paramref name="index"/> (-1: no such asset, then by <paramref name="assetId"/>), in description order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<DataFlow> Of(int index, string assetId)
    {
        if (index >= 0)
        {
            return _flows.AsSpan(_starts[index], _starts[index + 1] - _starts[index]);
        }

        return _unresolved is not null && _unresolved.TryGetValue(assetId, out var list)
            ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list)
            : [];
    }
}
