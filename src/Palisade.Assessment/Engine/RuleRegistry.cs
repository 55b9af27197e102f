using Palisade.Assessment.Catalogue;
using Palisade.Assessment.Rules;

namespace Palisade.Assessment.Engine;

/// <summary>
/// The rules an assessment runs, listed explicitly (no reflection scan: what runs is visible in one place and
/// trimming-safe). Refuses two rules for one id and rules whose id, characteristics or controls the catalogue
/// does not know. Rules run in id order, so the same input gives the same findings in the same order.
/// </summary>
public sealed class RuleRegistry
{
    private readonly SortedDictionary<string, IThreatRule> _rules = new(StringComparer.Ordinal);

    internal RuleRegistry(ICatalogueView catalogue, IEnumerable<IThreatRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            var meta = rule.Metadata;
            if (!catalogue.HasThreat(meta.Id))
            {
                throw new ArgumentException($"Rule {rule.GetType().Name} is for '{meta.Id}', which the catalogue does not list.", nameof(rules));
            }

            foreach (var characteristic in meta.Characteristics)
            {
                if (!catalogue.HasCharacteristic(characteristic))
                {
                    throw new ArgumentException($"Rule {meta.Id} names unknown characteristic '{characteristic}'.", nameof(rules));
                }
            }

            foreach (var control in meta.Controls)
            {
                if (!catalogue.HasControl(control))
                {
                    throw new ArgumentException($"Rule {meta.Id} names unknown control '{control}'.", nameof(rules));
                }
            }

            if (!_rules.TryAdd(meta.Id, rule))
            {
                throw new ArgumentException($"Two rules for '{meta.Id}': {_rules[meta.Id].GetType().Name} and {rule.GetType().Name}.", nameof(rules));
            }
        }
    }

    /// <summary>The rules, in id order.</summary>
    public IReadOnlyCollection<IThreatRule> Rules => _rules.Values;

    /// <summary>The built-in rules: one per leaf threat item of 6.2, checked against the built-in catalogue.</summary>
    public static RuleRegistry Default => LazyDefault.Value;

    private static readonly Lazy<RuleRegistry> LazyDefault = new(() => Create(AssessmentCatalogue.Default));

    internal static RuleRegistry Create(ICatalogueView catalogue) => new(catalogue, BuiltInRules.All());
}
