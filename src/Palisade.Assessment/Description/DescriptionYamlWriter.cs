using System.Globalization;
using System.Text;

namespace Palisade.Assessment.Description;

/// <summary>
/// Writes a description as YAML the loader reads back to the same records: used to turn generated descriptions
/// into files for benchmarks and round-trip tests. Text is always double-quoted, so no value can change type.
/// </summary>
internal static class DescriptionYamlWriter
{
    public static void Write(IipDescription d, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(w);
        w.Write("palisade-description: 1\nname: ");
        w.Write(Q(d.Name));
        w.Write('\n');
        if (d.AssessedOn is { } on)
        {
            w.Write("assessed-on: " + Date(on) + "\n");
        }

        Section(w, "participants", d.Participants, (p, o) =>
        {
            o.Field("id", Q(p.Id)).Optional("name", p.Name).Optional("jurisdiction", p.Jurisdiction);
            if (p.OperatesPlatform)
            {
                o.Field("operates-platform", "true");
            }
        });
        Section(w, "sites", d.Sites, (s, o) => o.Field("id", Q(s.Id)).Optional("name", s.Name).Field("participant", Q(s.Participant)).Field("jurisdiction", Q(s.Jurisdiction)));
        Section(w, "zones", d.Zones, (z, o) =>
        {
            o.Field("id", Q(z.Id)).Optional("name", z.Name).Field("kind", KebabNames.Of(z.Kind)).Optional("site", z.Site).Optional("jurisdiction", z.Jurisdiction);
            if (z.SecurityLevel is { } level)
            {
                o.Field("security-level", level.ToString(CultureInfo.InvariantCulture));
            }

            o.Field("traffic-prioritisation", Bool(z.TrafficPrioritisation));
        });
        Section(w, "boundaries", d.Boundaries, (b, o) =>
            o.Field("id", Q(b.Id)).Field("zones", List(b.Zones)).Optional("enforced-by", b.EnforcedBy).Field("enforced", Bool(b.Enforced)));
        Section(w, "assets", d.Assets, (a, o) =>
        {
            o.Field("id", Q(a.Id)).Optional("name", a.Name).Field("kind", KebabNames.Of(a.Kind)).Field("owner", Q(a.Owner)).Field("zone", Q(a.Zone))
                .Field("domain", KebabNames.Of(a.Domain)).Field("stage", KebabNames.Of(a.Stage))
                .Optional("vendor", a.Vendor).Optional("product", a.Product).Optional("version", a.Version);
            if (a.Aliases.Count > 0)
            {
                o.Field("aliases", List(a.Aliases));
            }

            o.Optional("publisher", a.Publisher);
            if (a.EndOfSecuritySupport is { } end)
            {
                o.Field("end-of-security-support", Date(end));
            }

            if (a.OperatingSystem is { } os)
            {
                var text = new StringBuilder("{ name: ").Append(Q(os.Name));
                if (os.Version is not null)
                {
                    text.Append(", version: ").Append(Q(os.Version));
                }

                if (os.EndOfSupport is { } eos)
                {
                    text.Append(", end-of-support: ").Append(Date(eos));
                }

                o.Field("operating-system", text.Append(" }").ToString());
            }

            var c = a.Capabilities;
            o.Field("capabilities", string.Create(CultureInfo.InvariantCulture,
                $"{{ tls: {Bool(c.Tls)}, certificates: {Bool(c.Certificates)}, signing: {Bool(c.Signing)}, wireless: {Bool(c.Wireless)}, legacy-protocol: {Bool(c.LegacyProtocol)}, default-credentials-changed: {Bool(c.DefaultCredentialsChanged)}, resource-constrained: {Bool(c.ResourceConstrained)}, stores-sensitive-data: {Bool(c.StoresSensitiveData)}, emc-shielded: {Bool(c.EmcShielded)}, mobile: {Bool(c.Mobile)}, remote-maintenance: {Bool(c.RemoteMaintenance)}, redundant: {Bool(c.Redundant)}, patchable: {Bool(c.Patchable)} }}"));
        });
        Section(w, "flows", d.Flows, (f, o) =>
            o.Field("id", Q(f.Id)).Field("from", Q(f.From)).Field("to", Q(f.To)).Field("protocol", Q(f.Protocol))
                .Field("encrypted", Bool(f.Encrypted)).Field("authenticated", Bool(f.Authenticated)).Field("integrity-protected", Bool(f.IntegrityProtected))
                .Field("class", KebabNames.Of(f.Class)).Field("crosses-border", Bool(f.CrossesBorder)).Field("volume", KebabNames.Of(f.Volume)));
        Section(w, "scenarios", d.Scenarios, (s, o) =>
        {
            o.Field("id", Q(s.Id));
            o.Field("roles", s.Roles.Count == 0 ? "[]" : "[" + string.Join(", ", s.Roles.Select(r => $"{{ participant: {Q(r.Participant)}, role: {Q(r.Role)} }}")) + "]");
        });
        Section(w, "controls", d.Controls, (c, o) =>
        {
            o.Field("control", Q(c.ControlId));
            if (c.AllTargets)
            {
                o.Field("scope", "all");
            }
            else
            {
                o.Field("targets", List(c.Targets));
            }

            o.Field("evidence", Q(c.Evidence)).Optional("link", c.Link);
        });
        Section(w, "risk-tracking", d.RiskTracking, (t, o) =>
        {
            o.Field("match", Q(t.Match)).Field("status", KebabNames.Of(t.Status)).Optional("justification", t.Justification).Optional("owner", t.Owner);
            if (t.Date is { } date)
            {
                o.Field("date", Date(date));
            }
        });
    }

    private static void Section<T>(TextWriter w, string name, IReadOnlyList<T> items, Action<T, ItemWriter> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.Write(name);
        w.Write(":\n");
        var item = new ItemWriter(w);
        foreach (var entry in items)
        {
            item.Start();
            write(entry, item);
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string List(IReadOnlyList<string> items) => "[" + string.Join(", ", items.Select(Q)) + "]";

    /// <summary>A double-quoted YAML scalar with every character that needs it escaped.</summary>
    internal static string Q(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFEFF' or '\u2028' or '\u2029' or '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    private sealed class ItemWriter(TextWriter w)
    {
        private bool _first;

        public void Start() => _first = true;

        public ItemWriter Field(string key, string value)
        {
            w.Write(_first ? "  - " : "    ");
            _first = false;
            w.Write(key);
            w.Write(": ");
            w.Write(value);
            w.Write('\n');
            return this;
        }

        public ItemWriter Optional(string key, string? value) => value is null ? this : Field(key, Q(value));
    }
}
