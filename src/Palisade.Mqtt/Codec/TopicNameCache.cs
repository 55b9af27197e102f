using System.Text;

namespace Palisade.Mqtt.Codec;

/// <summary>
/// The last few PUBLISH topic names one connection sent, as UTF-8 and as strings, so that a device publishing to the
/// same topics again and again (telemetry) costs neither a UTF-8 decoding nor a new string per message: the decoder
/// compares the received bytes with the cached ones (a vectorised compare of a few dozen bytes) and reuses the string.
/// The decoder still checks the received bytes (well-formed UTF-8, no U+0000, no wildcard) before it asks the cache,
/// so a cached string only ever stands for bytes that passed those checks.
/// <para>Small and bounded: <see cref="Entries"/> topics of at most <see cref="MaxTopicBytes"/> bytes each, replaced
/// round-robin; longer topics are decoded every time. Not thread-safe: one per connection, used by its reader only
/// (see <see cref="MqttDecoderOptions.Topics"/>).</para>
/// </summary>
public sealed class TopicNameCache
{
    /// <summary>How many topic names are kept.</summary>
    public const int Entries = 4;

    /// <summary>Longest topic name (UTF-8 bytes) that is cached.</summary>
    public const int MaxTopicBytes = 256;

    private readonly byte[]?[] _utf8 = new byte[]?[Entries];
    private readonly string?[] _names = new string?[Entries];
    private int _next;

    /// <summary>Decodings avoided since the connection started (for tests and diagnostics).</summary>
    public long Hits { get; private set; }

    /// <summary>The string for <paramref name="utf8"/> (valid MQTT UTF-8, checked by the caller): cached or new.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < Entries; i++)
        {
            if (_utf8[i] is { } cached && utf8.SequenceEqual(cached))
            {
                Hits++;
                return _names[i]!;
            }
        }

        var name = Encoding.UTF8.GetString(utf8);
        if (utf8.Length <= MaxTopicBytes)
        {
            _utf8[_next] = utf8.ToArray();
            _names[_next] = name;
            _next = (_next + 1) % Entries;
        }

        return name;
    }
}
