using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Infrastructure.Pki;

/// <summary>Facts read from certificates: SHA-256 thumbprints and the Palisade device URN in the SAN.</summary>
internal static class CertificateFacts
{
    public const string DeviceUrnPrefix = "urn:palisade:device:";
    private const string SubjectAltNameOid = "2.5.29.17";

    /// <summary>SHA-256 of the DER encoding, upper-case hex (SHA-1 thumbprints are not used anywhere).</summary>
    public static string Thumbprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    public static string DeviceUrn(string participantId, string deviceId) => $"{DeviceUrnPrefix}{participantId}:{deviceId}";

    /// <summary>The URIs in the subject alternative name (the framework reads DNS names and IPs, but not URIs).</summary>
    public static IReadOnlyList<string> SubjectAltNameUris(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var extension = certificate.Extensions[SubjectAltNameOid];
        if (extension is null)
        {
            return [];
        }

        var uris = new List<string>();
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                if (names.PeekTag().HasSameClassAndValue(uriTag))
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return uris;
    }

    /// <summary>
    /// The device a certificate names: the participant and device from "urn:palisade:device:P:ID" when present,
    /// otherwise the subject CN (participant CAs need not know the URN convention). Null when neither is usable.
    /// </summary>
    public static (string? ParticipantId, string DeviceId)? DeviceName(X509Certificate2 certificate)
    {
        foreach (var uri in SubjectAltNameUris(certificate))
        {
            if (!uri.StartsWith(DeviceUrnPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = uri[DeviceUrnPrefix.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon < rest.Length - 1)
            {
                return (rest[..colon], rest[(colon + 1)..]);
            }
        }

        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrEmpty(cn) ? null : (null, cn);
    }
}
