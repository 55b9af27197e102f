using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Palisade.Api;
using Palisade.Edge.Admission;
using Palisade.Edge.Replay;
using Palisade.Edge.Transport;
using Palisade.Infrastructure;
using Palisade.Messaging;

namespace Palisade.Hosting;

/// <summary>Builds the Palisade web host: configuration, logging, options, data folder, broker, listeners, API.</summary>
internal static class PalisadeHost
{
    /// <summary>Set <c>Palisade:Logging:Json=true</c> (env PALISADE__LOGGING__JSON) for one JSON object per log line.
    /// Levels: <c>Palisade:Logging:LogLevel:Default</c> etc. (env PALISADE__LOGGING__LOGLEVEL__DEFAULT).</summary>
    public const string LoggingSection = "Palisade:Logging";

    public static WebApplication Build(PalisadeHostSettings settings)
    {
        var workingDirectory = Path.GetFullPath(settings.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "palisade",
            ContentRootPath = workingDirectory,
            // Fixed, so DOTNET_ENVIRONMENT=Development in someone's shell cannot switch on developer behaviour.
            EnvironmentName = Environments.Production,
        });

        builder.Configuration.Sources.Clear();
        PalisadeConfiguration.AddSources(builder.Configuration, settings, workingDirectory);

        ConfigureLogging(builder, settings);

        var services = builder.Services;
        services.AddOptions<PalisadeOptions>()
            .BindConfiguration(PalisadeOptions.SectionName)
            .PostConfigure(options => options.DataDirectory = Path.GetFullPath(options.DataDirectory ?? "", workingDirectory))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PalisadeOptions>, PalisadeOptionsValidator>();
        services.AddOptions<HostOptions>().Configure<IOptions<PalisadeOptions>>((host, palisade) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(Math.Clamp(palisade.Value.ShutdownTimeoutSeconds, 1, 300)));

        services.AddPalisadeDataFolder();
        services.AddPalisadeBroker();
        // Relative schema paths in Palisade:Admission start at the config file's folder (as a reader of the file expects).
        services.AddPalisadeAdmission(Path.GetDirectoryName(PalisadeConfiguration.ResolveConfigFile(settings.ConfigFile, workingDirectory)) ?? workingDirectory);
        services.AddPalisadeReplay();
        services.AddPalisadeListeners();
        services.AddPalisadeHealth();
        services.AddPalisadeMetrics();
        settings.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        // Attach the /metrics listener now, not at the first scrape: a push instrument (Counter.Add) reaches only the
        // listeners attached when it is added to, so anything counted before the first GET /metrics would be lost.
        app.Services.GetRequiredService<PrometheusExporter>();
        app.UsePalisadeListeners();
        app.UseRouting();
        app.MapPalisadeHealth();
        app.MapPalisadeMetrics();
        return app;
    }

    private static void ConfigureLogging(WebApplicationBuilder builder, PalisadeHostSettings settings)
    {
        var logging = builder.Logging;
        logging.ClearProviders();
        logging.SetMinimumLevel(LogLevel.Information);
        // Kestrel and ASP.NET Core are chatty at Information; Palisade logs what an operator needs itself.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Its "Now listening on: https://..." would mislabel the MQTT ports; BoundPortsReporter logs them correctly.
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        logging.AddConfiguration(builder.Configuration.GetSection(LoggingSection));

        if (settings.ConsoleLogging)
        {
            if (builder.Configuration.GetValue<bool>(LoggingSection + ":Json"))
            {
                logging.AddJsonConsole(options =>
                {
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                });
            }
            else
            {
                logging.AddSimpleConsole(options =>
                {
                    options.SingleLine = true;
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                });
            }
        }
        settings.ConfigureLogging?.Invoke(logging);
    }
}
