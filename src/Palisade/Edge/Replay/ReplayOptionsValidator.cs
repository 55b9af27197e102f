using Microsoft.Extensions.Options;
using Palisade.Admission.Replay;

namespace Palisade.Edge.Replay;

/// <summary>Fails the start with every problem of <c>Palisade:Admission:Replay</c> at once.</summary>
internal sealed class ReplayOptionsValidator : IValidateOptions<ReplayOptions>
{
    public ValidateOptionsResult Validate(string? name, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
