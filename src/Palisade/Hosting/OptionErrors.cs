using System.Globalization;
using Microsoft.Extensions.Options;

namespace Palisade.Hosting;

/// <summary>
/// Collects validation failures worded the same way everywhere: the configuration key, its environment variable,
/// what is wrong and the value found. An operator reading the start-up error knows exactly what to change.
/// </summary>
internal sealed class OptionErrors(string section)
{
    private readonly List<string> _failures = [];

    public static string KeyOf(string section, string option) => section + ":" + option;

    /// <summary><c>Palisade:Listeners:Tls:Port</c> becomes <c>PALISADE__LISTENERS__TLS__PORT</c>.</summary>
    public static string EnvironmentVariableOf(string key) =>
        key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();

    public void Add(string option, string problem)
    {
        var key = KeyOf(section, option);
        _failures.Add($"{key} (env {EnvironmentVariableOf(key)}) {problem}.");
    }

    public void Range(string option, long value, long minimum, long maximum)
    {
        if (value < minimum || value > maximum)
        {
            Add(option, string.Create(CultureInfo.InvariantCulture, $"must be between {minimum} and {maximum}; got {value}"));
        }
    }

    public ValidateOptionsResult Result() =>
        _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
