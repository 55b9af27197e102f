using Palisade.Assessment.Catalogue;
using Palisade.Assessment.Description;
using Palisade.Assessment.Findings;

namespace Palisade.Assessment.Engine;

/// <summary>
/// Assesses an IIP description against the SRM-IIP model: runs every rule, applies risk tracking and orders the
/// findings (severity descending, then id ordinal) so the same input always gives the same output.
/// </summary>
public static class AssessmentEngine
{
    /// <summary>Assesses with the built-in catalogue and rules.</summary>
    /// <exception cref="DescriptionException">The description's references do not resolve.</exception>
    public static AssessmentResult Assess(IipDescription description, AssessmentOptions? options = null) =>
        Assess(description, options ?? new AssessmentOptions(), AssessmentCatalogue.Default, RuleRegistry.Default);

    internal static AssessmentResult Assess(IipDescription description, AssessmentOptions options, ICatalogueView catalogue, RuleRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(description);
        var asOf = options.AsOf ?? description.AssessedOn ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var context = ValidatedContext(description, catalogue, asOf, options.LiveControls);

        // Risk tracking is applied as each finding is built (see AssessmentContext.Build): the same decisions as
        // applying it to the finished list, without composing every id and copying every matched finding.
        var tracking = new RiskTracking(description.RiskTracking);
        context.Tracking = tracking.IsEmpty ? null : tracking;
        var findings = RunRules(context, registry, options.LiveControls is null);
        if (context.Tracking is not null)
        {
            // A rule may build a finding itself instead of through the context: apply tracking to those here
            // (applying it twice gives the same result, so a copy of a tracked finding is no problem).
            for (var i = 0; i < findings.Count; i++)
            {
                if (!findings[i].HasComposedId)
                {
                    findings[i] = tracking.Apply(findings[i]);
                }
            }
        }

        return new AssessmentResult(
            description.Name,
            description.SourceName,
            catalogue.Version,
            FindingSorter.Sort(findings),
            description.Scenarios.Select(s => s.Id).ToList());
    }

    /// <summary>
    /// Checks the description's references and indexes it for the rules. A description the loader produced was
    /// checked there against the same catalogue and is not walked twice. Otherwise the check and the indexing run at
    /// the same time on two cores (both are single passes over 100,000s of records); the index of a description that
    /// fails the check is thrown away, with whatever indexing it choked on, and the check's errors are reported.
    /// </summary>
    private static AssessmentContext ValidatedContext(IipDescription description, ICatalogueView catalogue, DateOnly asOf, ILiveControlSource? live)
    {
        if (DescriptionValidator.IsKnownValid(description, catalogue))
        {
            return new AssessmentContext(description, asOf, catalogue, live);
        }

        List<(string Path, string Message)> problems = [];
        AssessmentContext? context = null;
        Exception? indexError = null;
        if (Environment.ProcessorCount > 1)
        {
            Parallel.Invoke(
                () => problems = DescriptionValidator.Validate(description, catalogue),
                () =>
                {
                    try
                    {
                        context = new AssessmentContext(description, asOf, catalogue, live);
                    }
#pragma warning disable CA1031 // An invalid description can break indexing in many ways; the validator's errors are what is reported.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        indexError = e;
                    }
                });
        }
        else
        {
            problems = DescriptionValidator.Validate(description, catalogue);
        }

        if (problems.Count > 0)
        {
            throw new DescriptionException(problems.Select(p => new DescriptionError(description.SourceName, 0, 0, p.Path, p.Message)).ToList());
        }

        if (indexError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(indexError).Throw();
        }

        return context ?? new AssessmentContext(description, asOf, catalogue, live);
    }

    /// <summary>
    /// Runs every rule and concatenates their findings in registry order (the same list whatever the timing). Rules
    /// are independent, so they run on all cores, each worker thread with its own context (the per-finding caches
    /// are not thread-safe). With a live control source they run on the calling thread: that interface was not
    /// promised to be called concurrently.
    /// </summary>
    private static List<Finding> RunRules(AssessmentContext context, RuleRegistry registry, bool parallel)
    {
        var rules = registry.Rules.ToArray();
        var perRule = new List<Finding>[rules.Length];
        if (parallel && Environment.ProcessorCount > 1 && rules.Length > 1)
        {
            try
            {
                Parallel.For(
                    0,
                    rules.Length,
                    () => context.ForWorker(),
                    (i, _, worker) =>
                    {
                        perRule[i] = AsList(rules[i].Evaluate(worker));
                        return worker;
                    },
                    static _ => { });
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                // As if run one after the other: the rule's own exception, not a wrapper.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                throw;
            }
        }
        else
        {
            for (var i = 0; i < rules.Length; i++)
            {
                perRule[i] = AsList(rules[i].Evaluate(context));
            }
        }

        var total = 0;
        foreach (var list in perRule)
        {
            total += list.Count;
        }

        var findings = new List<Finding>(total);
        foreach (var list in perRule)
        {
            findings.AddRange(list);
        }

        return findings;
    }

    /// <summary>The built-in rules return the list they filled: use it rather than copy it (the engine only reads it).</summary>
    private static List<Finding> AsList(IEnumerable<Finding> findings) => findings as List<Finding> ?? [.. findings];
}
