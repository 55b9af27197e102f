using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;
using Palisade.Hosting;

namespace Palisade.Edge.Transport;

internal sealed class ListenersOptionsValidator : IValidateOptions<ListenersOptions>
{
    public ValidateOptionsResult Validate(string? name, ListenersOptions options)
    {
        var errors = new OptionErrors(ListenersOptions.SectionName);
        var listeners = new (string Name, ListenerEndpointOptions Options)[]
        {
            (nameof(ListenersOptions.Tls), options.Tls),
            (nameof(ListenersOptions.WebSocket), options.WebSocket),
            (nameof(ListenersOptions.PlainTcp), options.PlainTcp),
            (nameof(ListenersOptions.Http), options.Http),
        };

        var portsInUse = new Dictionary<int, string>();
        foreach (var (listener, endpoint) in listeners)
        {
            if (!endpoint.Enabled)
            {
                continue;
            }
            errors.Range($"{listener}:Port", endpoint.Port, 0, 65535);
            if (!ListenerAddress.TryParse(endpoint.Address, out _, out _, out _))
            {
                errors.Add($"{listener}:Address", $"must be an IP address, 'localhost' or '*'; got '{endpoint.Address}'");
            }
            if (endpoint.Port != 0 && !portsInUse.TryAdd(endpoint.Port, listener))
            {
                errors.Add($"{listener}:Port", $"is {endpoint.Port}, already used by listener {portsInUse[endpoint.Port]}");
            }
        }

        if (!options.Tls.Enabled && !options.WebSocket.Enabled && !options.PlainTcp.Enabled)
        {
            errors.Add("Tls:Enabled", "is false and no other MQTT listener (WebSocket, PlainTcp) is enabled; devices could not connect");
        }
        if (options.Tls.ClientCertificateMode is not (ClientCertificateMode.NoCertificate or ClientCertificateMode.AllowCertificate or ClientCertificateMode.RequireCertificate))
        {
            errors.Add("Tls:ClientCertificateMode", $"must be NoCertificate, AllowCertificate or RequireCertificate; got '{options.Tls.ClientCertificateMode}'");
        }
        if (options.WebSocket.Enabled && (string.IsNullOrEmpty(options.WebSocket.Path) || !options.WebSocket.Path.StartsWith('/')))
        {
            errors.Add("WebSocket:Path", $"must start with '/'; got '{options.WebSocket.Path}'");
        }
        return errors.Result();
    }
}
