using FsCheck.Xunit;
using Palisade.Admission.Validity.Compiled;
using Xunit.Abstractions;

namespace Palisade.Admission.Tests.Validity.Compiled;

/// <summary>
/// Differential: on generated schemas of the subset and near-valid instances, the compiled path never says Valid
/// where JsonSchema.Net says not valid, and never says Invalid where JsonSchema.Net says valid (Unsure is always allowed).
/// </summary>
public sealed class CompiledSchemaDifferentialTests(ITestOutputHelper output)
{
    private const int InstancesPerSchema = 12;

    [Property(MaxTest = 400)]
    public void Compiled_answer_never_contradicts_JsonSchema_Net(ulong seed)
    {
        var tally = new Tally();
        Check(seed, tally);
    }

    [Fact]
    public void Generated_cases_exercise_every_answer()
    {
        // The same check over fixed seeds, counting answers: the property above would be vacuous if nearly every schema
        // fell back or every instance were unsure.
        var tally = new Tally();
        for (ulong seed = 1; seed <= 300; seed++)
        {
            Check(seed * 0x9E3779B97F4A7C15UL, tally);
        }

        output.WriteLine($"compiled {tally.Compiled}/300 schemas; {tally.Cases} instances: {tally.Valid} valid, {tally.Invalid} invalid, {tally.Unsure} unsure");
        Assert.True(tally.Compiled > 250, $"compiled {tally.Compiled} of 300 schemas");
        Assert.True(tally.Valid > tally.Cases / 5, $"{tally.Valid} valid of {tally.Cases}");
        Assert.True(tally.Invalid > tally.Cases / 10, $"{tally.Invalid} invalid of {tally.Cases}");
        Assert.True(tally.Unsure > 0 && tally.Unsure < tally.Cases / 4, $"{tally.Unsure} unsure of {tally.Cases}");
    }

    private static void Check(ulong seed, Tally tally)
    {
        var generator = new SchemaCaseGenerator(seed);
        var schema = generator.Schema();
        var pair = SchemaPair.Of(schema);
        if (pair.Compiled is null)
        {
            return;
        }

        tally.Compiled++;
        for (var i = 0; i < InstancesPerSchema; i++)
        {
            var instance = generator.Instance(schema);
            var fast = pair.Fast(instance);
            var library = pair.LibraryValid(instance);
            tally.Cases++;

            // Through the validator the stage calls: the answer and the reason text are those of JsonSchema.Net alone.
            Assert.Equal(pair.Reason(instance, compiled: false), pair.Reason(instance, compiled: true));
            switch (fast)
            {
                case FastVerdict.Valid:
                    tally.Valid++;
                    Assert.True(library, $"compiled Valid, JsonSchema.Net not valid (seed {seed}):\nschema   {schema}\ninstance {instance}");
                    break;
                case FastVerdict.Invalid:
                    tally.Invalid++;
                    Assert.False(library, $"compiled Invalid, JsonSchema.Net valid (seed {seed}):\nschema   {schema}\ninstance {instance}");
                    break;
                default:
                    tally.Unsure++;
                    break;
            }
        }
    }

    private sealed class Tally
    {
        public int Compiled { get; set; }

        public int Cases { get; set; }

        public int Valid { get; set; }

        public int Invalid { get; set; }

        public int Unsure { get; set; }
    }
}
