namespace Palisade.Admission.Validity.Compiled;

/// <summary>
/// Stack buffers of one validation, shared by every string it looks at (unescaped bytes, UTF-16 text for a regular
/// expression or a length). A longer string rents from the shared array pool (no allocation in steady state).
/// </summary>
internal ref struct Scratch
{
    public Scratch(Span<byte> bytes, Span<char> chars)
    {
        Bytes = bytes;
        Chars = chars;
    }

    public Span<byte> Bytes { get; }

    public Span<char> Chars { get; }
}
