using Microsoft.Extensions.Options;
using Palisade.Hosting;

namespace Palisade.Infrastructure;

internal sealed class ServerTlsOptionsValidator : IValidateOptions<ServerTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerTlsOptions options)
    {
        var errors = new OptionErrors(ServerTlsOptions.SectionName);
        for (var i = 0; i < options.HostNames.Count; i++)
        {
            var hostName = options.HostNames[i];
            if (string.IsNullOrWhiteSpace(hostName) || Uri.CheckHostName(hostName) == UriHostNameType.Unknown)
            {
                errors.Add($"{nameof(ServerTlsOptions.HostNames)}:{i}", $"must be a DNS name or IP address; got '{hostName}'");
            }
        }
        errors.Range(nameof(ServerTlsOptions.CertificateValidityDays), options.CertificateValidityDays, 1, 3650);
        return errors.Result();
    }
}
