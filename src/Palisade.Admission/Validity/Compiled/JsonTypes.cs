namespace Palisade.Admission.Validity.Compiled;

/// <summary>The JSON Schema <c>type</c> names as flags.</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    Null = 1,
    Boolean = 2,
    Object = 4,
    Array = 8,
    Number = 16,
    Integer = 32,
    String = 64,
    Any = Null | Boolean | Object | Array | Number | Integer | String,
}
