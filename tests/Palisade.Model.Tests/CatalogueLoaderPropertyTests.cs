using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Xunit;

// System.Random seeded by FsCheck picks which JSON node to corrupt: reproducible test data, never a secret.
#pragma warning disable RS0030

namespace Palisade.Model.Tests;

/// <summary>
/// Fuzzing the loader: whatever bytes or structure it is given, it either loads or throws
/// <see cref="CatalogueValidationException"/> with at least one readable error — never another exception.
/// </summary>
public sealed class CatalogueLoaderPropertyTests
{
    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create("x"), JsonValue.Create(true), JsonValue.Create(1e300),
        new JsonArray(), new JsonObject(), new JsonArray((JsonNode?)null), JsonValue.Create("threat.6.2.a"), JsonValue.Create(""),
        JsonValue.Create("\ud800"), JsonValue.Create(9_999_999_999L),
    ];

    [Property(MaxTest = 200)]
    public void Byte_level_corruption_never_crashes_the_loader(NonNegativeInt position, byte value, NonNegativeInt kind, NonNegativeInt length)
    {
        var bytes = CatalogueLoaderTests.Embedded.ToList();
        var at = position.Get % bytes.Count;
        switch (kind.Get % 4)
        {
            case 0:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 1:
                bytes[at] = value;
                break;
            case 2:
                bytes.RemoveRange(at, Math.Min(1 + (length.Get % 64), bytes.Count - at));
                break;
            default:
                bytes.InsertRange(at, Enumerable.Repeat(value, 1 + (length.Get % 8)));
                break;
        }

        AssertLoadsOrReports(bytes.ToArray());
    }

    [Property(MaxTest = 200)]
    public void Structural_corruption_never_crashes_the_loader(int seed, NonNegativeInt replacement, bool remove)
    {
        var doc = JsonNode.Parse(CatalogueLoaderTests.Embedded)!;
        var random = new Random(seed);
        var (parent, key, index) = PickNode(doc, random);
        var newValue = Replacements[replacement.Get % Replacements.Length]?.DeepClone();
        if (parent is JsonObject obj && key is not null)
        {
            if (remove)
            {
                obj.Remove(key);
            }
            else
            {
                obj[key] = newValue;
            }
        }
        else if (parent is JsonArray arr)
        {
            if (remove)
            {
                arr.RemoveAt(index);
            }
            else
            {
                arr[index] = newValue;
            }
        }

        AssertLoadsOrReports(Encoding.UTF8.GetBytes(doc.ToJsonString()));
    }

    [Property(MaxTest = 100)]
    public void Arbitrary_text_never_crashes_the_loader(string? text)
    {
        AssertLoadsOrReports(Encoding.UTF8.GetBytes(text ?? string.Empty));
    }

    private static (JsonNode? Parent, string? Key, int Index) PickNode(JsonNode root, Random random)
    {
        JsonNode current = root;
        (JsonNode? Parent, string? Key, int Index) choice = (null, null, 0);
        for (var depth = 0; depth < 6; depth++)
        {
            switch (current)
            {
                case JsonObject o when o.Count > 0:
                    var prop = o.ElementAt(random.Next(o.Count));
                    choice = (o, prop.Key, 0);
                    if (prop.Value is null || random.Next(3) == 0)
                    {
                        return choice;
                    }

                    current = prop.Value;
                    break;
                case JsonArray a when a.Count > 0:
                    var i = random.Next(a.Count);
                    choice = (a, null, i);
                    if (a[i] is null || random.Next(3) == 0)
                    {
                        return choice;
                    }

                    current = a[i]!;
                    break;
                default:
                    return choice;
            }
        }

        return choice;
    }

    private static void AssertLoadsOrReports(byte[] bytes)
    {
        try
        {
            var catalogue = SrmCatalogue.Load(bytes);
            Assert.NotEmpty(catalogue.Items);
        }
        catch (CatalogueValidationException ex)
        {
            Assert.NotEmpty(ex.Errors);
            Assert.All(ex.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e)));
            Assert.StartsWith("The SRM-IIP catalogue is invalid", ex.Message, StringComparison.Ordinal);
        }
    }
}
