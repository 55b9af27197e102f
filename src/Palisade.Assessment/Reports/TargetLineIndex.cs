using Palisade.Assessment.Description;

namespace Palisade.Assessment.Reports;

/// <summary>
/// Where each target is declared in a description file (<c>asset:press-3</c> → line 57), so SARIF results can point
/// CI annotations at the right line. Built from the same YAML tree the loader reads; the engine's findings stay
/// free of positions.
/// </summary>
internal static class TargetLineIndex
{
    private static readonly (string Section, string Kind)[] Sections =
    [
        ("participants", "participant"),
        ("sites", "site"),
        ("zones", "zone"),
        ("boundaries", "boundary"),
        ("assets", "asset"),
        ("flows", "flow"),
    ];

    /// <summary>Line of every target with an id, keyed <c>{kind}:{id}</c>; empty if the text does not parse.</summary>
    public static IReadOnlyDictionary<string, int> Build(string yamlText, string fileName)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        YNode? root;
        try
        {
            root = YamlTree.Parse(yamlText, fileName);
        }
        catch (DescriptionException)
        {
            // Positions are a convenience: a file the loader accepted parses; anything else just gets no lines.
            return lines;
        }

        if (root is not YMapping mapping)
        {
            return lines;
        }

        foreach (var (section, kind) in Sections)
        {
            if (mapping.Get(section) is not YSequence items)
            {
                continue;
            }

            foreach (var item in items.Items)
            {
                if (item is YMapping fields && fields.Get("id") is YScalar { IsNull: false } id)
                {
                    lines.TryAdd(kind + ":" + id.Value, item.Line);
                }
            }
        }

        return lines;
    }
}
