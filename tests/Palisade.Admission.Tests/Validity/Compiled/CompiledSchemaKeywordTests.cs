using Palisade.Admission.Validity.Compiled;

namespace Palisade.Admission.Tests.Validity.Compiled;

/// <summary>
/// Each keyword of the compiled subset on valid, invalid and unsure instances. Every Valid or Invalid expected here is
/// also checked against JsonSchema.Net's own answer, so a test cannot encode a wrong belief about the library.
/// </summary>
public sealed class CompiledSchemaKeywordTests
{
    private const string D = "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\"";

    [Theory]
    // type
    [InlineData("""{"type":"string"}""", "\"a\"", "Valid")]
    [InlineData("""{"type":"string"}""", "1", "Invalid")]
    [InlineData("""{"type":["string","null"]}""", "null", "Valid")]
    [InlineData("""{"type":["string","null"]}""", "true", "Invalid")]
    [InlineData("""{"type":"boolean"}""", "false", "Valid")]
    [InlineData("""{"type":"object"}""", "[]", "Invalid")]
    [InlineData("""{"type":"array"}""", "[1,{}]", "Valid")]
    [InlineData("""{"type":"number"}""", "1.5", "Valid")]
    [InlineData("""{"type":"number"}""", "7", "Valid")]
    [InlineData("""{"type":"integer"}""", "-9007199254740991", "Valid")]
    [InlineData("""{"type":"integer"}""", "\"1\"", "Invalid")]
    // enum / const
    [InlineData("""{"enum":["idle","running",3,true,null]}""", "\"running\"", "Valid")]
    [InlineData("""{"enum":["idle","running",3,true,null]}""", "\"Running\"", "Invalid")]
    [InlineData("""{"enum":["idle","running",3,true,null]}""", "3.0", "Valid")]
    [InlineData("""{"enum":["idle","running",3,true,null]}""", "3e0", "Valid")]
    [InlineData("""{"enum":["idle","running",3,true,null]}""", "false", "Invalid")]
    [InlineData("""{"enum":["idle","running",3,true,null]}""", "null", "Valid")]
    [InlineData("""{"enum":["idle","running",3,true,null]}""", "{}", "Invalid")]
    [InlineData("""{"enum":[[1],{"a":1}]}""", "[1]", "Unsure")]
    [InlineData("""{"const":"ab"}""", "\"a\\u0062\"", "Valid")]
    [InlineData("""{"const":"ab"}""", "\"abc\"", "Invalid")]
    [InlineData("""{"const":12.50}""", "12.5", "Valid")]
    // numbers: bounds are exact on the text
    [InlineData("""{"minimum":-40,"maximum":400}""", "400", "Valid")]
    [InlineData("""{"minimum":-40,"maximum":400}""", "400.0000000000000000000000000000001", "Invalid")]
    [InlineData("""{"minimum":-40,"maximum":400}""", "-40", "Valid")]
    [InlineData("""{"minimum":-40,"maximum":400}""", "-4.0001e1", "Invalid")]
    [InlineData("""{"minimum":-40,"maximum":400}""", "\"not a number\"", "Valid")]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":1}""", "0", "Invalid")]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":1}""", "1E0", "Invalid")]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":1}""", "0.999", "Valid")]
    [InlineData("""{"exclusiveMinimum":0,"exclusiveMaximum":1}""", "-0", "Invalid")]
    [InlineData("""{"multipleOf":0.01}""", "12.34", "Valid")]
    [InlineData("""{"multipleOf":0.01}""", "12.345", "Invalid")]
    [InlineData("""{"multipleOf":3}""", "3e2", "Valid")]
    [InlineData("""{"multipleOf":3}""", "0", "Valid")]
    [InlineData("""{"multipleOf":7}""", "1e60", "Unsure")]
    // strings
    [InlineData("""{"minLength":2,"maxLength":3}""", "\"ab\"", "Valid")]
    [InlineData("""{"minLength":2,"maxLength":3}""", "\"abcd\"", "Invalid")]
    [InlineData("""{"minLength":2,"maxLength":3}""", "\"a\"", "Invalid")]
    [InlineData("""{"minLength":2}""", "\"\\r\\n\"", "Invalid")]
    [InlineData("""{"maxLength":2}""", "\"a\\r\\n\"", "Valid")]
    [InlineData("""{"maxLength":1}""", "\"e\u0301\"", "Valid")]
    [InlineData("""{"maxLength":1}""", "\"\uD83D\uDE00\"", "Valid")]
    [InlineData("""{"minLength":2}""", "\"\u00E9\"", "Invalid")]
    [InlineData("""{"pattern":"^[A-Z0-9-]{1,16}$"}""", "\"SPINDLE-OVERLOAD\"", "Valid")]
    [InlineData("""{"pattern":"^[A-Z0-9-]{1,16}$"}""", "\"spindle\"", "Invalid")]
    [InlineData("""{"pattern":"^\\d+$"}""", "\"\u0663\"", "Invalid")]
    [InlineData("""{"pattern":"b"}""", "\"abc\"", "Valid")]
    [InlineData("""{"pattern":"^a"}""", "\"\\u0061b\"", "Valid")]
    [InlineData("""{"pattern":"^a"}""", "\"\\ud800\"", "Unsure")]
    // objects
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b"]}""", """{"a":1,"b":null}""", "Valid")]
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b"]}""", """{"a":1}""", "Invalid")]
    [InlineData("""{"properties":{"a":{"type":"integer"}},"required":["a","b"]}""", """{"a":"1","b":0}""", "Invalid")]
    [InlineData("""{"properties":{"a":{"type":"integer"}}}""", """{"a":1,"a":2}""", "Unsure")]
    [InlineData("""{"properties":{"é":{"type":"integer"}},"additionalProperties":false}""", """{"é":1}""", "Valid")]
    [InlineData("""{"properties":{"a":{"type":"integer"}}}""", """{"\\u0061":1}""", "Unsure")]
    [InlineData("""{"properties":{"a":true},"additionalProperties":false}""", """{"a":1}""", "Valid")]
    [InlineData("""{"properties":{"a":true},"additionalProperties":false}""", """{"a":1,"b":2}""", "Invalid")]
    [InlineData("""{"properties":{"a":true},"additionalProperties":{"type":"string"}}""", """{"a":1,"b":"x","c":"y"}""", "Valid")]
    [InlineData("""{"properties":{"a":true},"additionalProperties":{"type":"string"}}""", """{"a":1,"b":2}""", "Invalid")]
    [InlineData("""{"properties":{"x1":{"minimum":0}},"patternProperties":{"^x":{"maximum":10}},"additionalProperties":false}""", """{"x1":5,"x2":10}""", "Valid")]
    [InlineData("""{"properties":{"x1":{"minimum":0}},"patternProperties":{"^x":{"maximum":10}},"additionalProperties":false}""", """{"x1":11}""", "Invalid")]
    [InlineData("""{"properties":{"x1":{"minimum":0}},"patternProperties":{"^x":{"maximum":10}},"additionalProperties":false}""", """{"x1":-1}""", "Invalid")]
    [InlineData("""{"properties":{"x1":{"minimum":0}},"patternProperties":{"^x":{"maximum":10}},"additionalProperties":false}""", """{"y":1}""", "Invalid")]
    [InlineData("""{"minProperties":1,"maxProperties":2}""", """{"a":1}""", "Valid")]
    [InlineData("""{"minProperties":1,"maxProperties":2}""", """{}""", "Invalid")]
    [InlineData("""{"minProperties":1,"maxProperties":2}""", """{"a":1,"b":2,"c":3}""", "Invalid")]
    [InlineData("""{"properties":{"n":{"properties":{"m":{"const":1}}}}}""", """{"n":{"m":1}}""", "Valid")]
    [InlineData("""{"properties":{"n":{"properties":{"m":{"const":1}}}}}""", """{"n":{"m":2}}""", "Invalid")]
    // arrays
    [InlineData("""{"prefixItems":[{"type":"string"}],"items":{"type":"number"},"minItems":1,"maxItems":3}""", """["a",1,2]""", "Valid")]
    [InlineData("""{"prefixItems":[{"type":"string"}],"items":{"type":"number"},"minItems":1,"maxItems":3}""", """[1]""", "Invalid")]
    [InlineData("""{"prefixItems":[{"type":"string"}],"items":{"type":"number"},"minItems":1,"maxItems":3}""", """["a","b"]""", "Invalid")]
    [InlineData("""{"prefixItems":[{"type":"string"}],"items":{"type":"number"},"minItems":1,"maxItems":3}""", """["a",1,2,3]""", "Invalid")]
    [InlineData("""{"prefixItems":[{"type":"string"}],"items":{"type":"number"},"minItems":1,"maxItems":3}""", """[]""", "Invalid")]
    [InlineData("""{"items":false}""", """[]""", "Valid")]
    [InlineData("""{"items":false}""", """[0]""", "Invalid")]
    // boolean schemas
    [InlineData("true", """{"anything":[1,2,{"x":null}]}""", "Valid")]
    [InlineData("false", "1", "Invalid")]
    [InlineData("{}", "\"x\"", "Valid")]
    public void Keyword_answers_as_expected_and_agrees_with_JsonSchema_Net(string schema, string instance, string expectedVerdict)
    {
        var expected = Enum.Parse<FastVerdict>(expectedVerdict);
        var pair = SchemaPair.Of(schema);
        Assert.Equal(expected, pair.Fast(instance));
        if (expected != FastVerdict.Unsure)
        {
            Assert.Equal(expected == FastVerdict.Valid, pair.LibraryValid(instance));
        }
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1e2")]
    [InlineData("99999999999999999999")]
    [InlineData("1.5")]
    public void Integer_type_is_unsure_for_a_number_that_does_not_parse_as_int64(string instance) =>
        Assert.Equal(FastVerdict.Unsure, SchemaPair.Of("""{"type":"integer"}""").Fast(instance));

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1} // c""")]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("""[1] x""")]
    [InlineData("\uFEFF{}")]
    public void Text_that_is_not_one_JSON_value_is_unsure(string payload) =>
        Assert.Equal(FastVerdict.Unsure, SchemaPair.Of("""{"type":["object","array"]}""").Fast(payload));

    [Fact]
    public void Nesting_deeper_than_32_is_unsure()
    {
        var deep = new string('[', 33) + new string(']', 33);
        var ok = new string('[', 32) + new string(']', 32);
        var pair = SchemaPair.Of("{\"type\":\"array\"}");
        Assert.Equal(FastVerdict.Unsure, pair.Fast(deep));
        Assert.Equal(FastVerdict.Valid, pair.Fast(ok));
        Assert.True(pair.LibraryValid(ok));
    }

    [Fact]
    public void A_number_outside_decimal_under_enum_is_unsure() =>
        Assert.Equal(FastVerdict.Unsure, SchemaPair.Of("""{"enum":[1,2]}""").Fast("1e400"));

    [Fact]
    public void Format_is_an_annotation_only_under_a_leading_draft_2020_12_schema()
    {
        var annotated = SchemaPair.Of("{" + D + ""","type":"string","format":"date-time"}""");
        Assert.NotNull(annotated.Compiled);
        Assert.Equal(FastVerdict.Valid, annotated.Fast("\"not a date\""));
        Assert.True(annotated.LibraryValid("\"not a date\""));

        // Without $schema JsonSchema.Net 8 uses its v1 dialect, where format asserts: not compiled.
        var asserted = SchemaPair.Of("""{"type":"string","format":"date-time"}""");
        Assert.Null(asserted.Compiled);
        Assert.False(asserted.LibraryValid("\"not a date\""));

        // $schema after format: format was built with the v1 dialect.
        Assert.Null(SchemaPair.Of("""{"format":"date-time",""" + D + "}").Compiled);
    }

    [Theory]
    [InlineData("""{"$defs":{"a":{"type":"string"}},"$ref":"#/$defs/a"}""", "$defs")]
    [InlineData("""{"allOf":[{"type":"string"}]}""", "allOf")]
    [InlineData("""{"properties":{"a":{"anyOf":[{"type":"string"}]}}}""", "anyOf")]
    [InlineData("""{"items":{"uniqueItems":true}}""", "uniqueItems")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#","type":"string"}""", "dialect")]
    [InlineData("""{"properties":{"a/b":true}}""", "'/'")]
    [InlineData("""{"multipleOf":0}""", "greater than zero")]
    public void Schema_with_a_keyword_outside_the_subset_is_not_compiled_and_says_why(string schema, string why)
    {
        var pair = SchemaPair.Of(schema);
        Assert.Null(pair.Compiled);
        Assert.Contains(why, pair.NotCompiledBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_keywords_are_ignored()
    {
        var pair = SchemaPair.Of("{" + D + ""","$id":"https://x.example/s","$comment":"c","title":"t","description":"d","examples":[1],"default":2,"deprecated":false,"readOnly":true,"writeOnly":false,"type":"integer"}""");
        Assert.NotNull(pair.Compiled);
        Assert.Equal(FastVerdict.Valid, pair.Fast("5"));
        Assert.Equal(FastVerdict.Invalid, pair.Fast("\"5\""));
    }
}
