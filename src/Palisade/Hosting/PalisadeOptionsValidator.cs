using Microsoft.Extensions.Options;

namespace Palisade.Hosting;

internal sealed class PalisadeOptionsValidator : IValidateOptions<PalisadeOptions>
{
    public ValidateOptionsResult Validate(string? name, PalisadeOptions options)
    {
        var errors = new OptionErrors(PalisadeOptions.SectionName);
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add(nameof(PalisadeOptions.DataDirectory), "must name a folder");
        }
        errors.Range(nameof(PalisadeOptions.ShutdownTimeoutSeconds), options.ShutdownTimeoutSeconds, 1, 300);
        return errors.Result();
    }
}
