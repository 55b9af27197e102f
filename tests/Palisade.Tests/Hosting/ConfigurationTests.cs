using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Palisade.Broker;
using Palisade.Cli;
using Palisade.Edge.Transport;
using Palisade.Hosting;
using Palisade.Tests.TestSupport;

namespace Palisade.Tests.Hosting;

public sealed class ConfigurationTests
{
    [Fact]
    public void Defaults_are_secure_TLS_and_WebSocket_over_TLS_on_loopback_plain_TCP_off()
    {
        var options = new ListenersOptions();

        Assert.True(options.Tls.Enabled);
        Assert.Equal(8883, options.Tls.Port);
        Assert.Equal(ClientCertificateMode.NoCertificate, options.Tls.ClientCertificateMode);
        Assert.True(options.WebSocket.Enabled);
        Assert.True(options.WebSocket.UseTls);
        Assert.Equal(8884, options.WebSocket.Port);
        Assert.Equal("/mqtt", options.WebSocket.Path);
        Assert.False(options.PlainTcp.Enabled);
        Assert.Equal(1883, options.PlainTcp.Port);
        Assert.True(options.Http.Enabled);
        Assert.Equal(8080, options.Http.Port);
        Assert.All(new ListenerEndpointOptions[] { options.Tls, options.WebSocket, options.PlainTcp, options.Http },
            l => Assert.Equal("127.0.0.1", l.Address));
        Assert.True(new ListenersOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task Plain_TCP_listener_is_off_by_default()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()));

        Assert.False(server.EndPoints.ContainsKey(ListenerNames.PlainTcp));
        Assert.Equal(new[] { "http", "tls", "ws" }, server.EndPoints.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(server.Logs, l => l.EventId.Id == 1201);
    }

    [Fact]
    public async Task Enabling_plain_TCP_logs_a_warning_naming_the_endpoint()
    {
        await using var server = await PalisadeServerFixture.StartAsync(o => o.WithEchoServer(new EchoMqttServer()).WithPlainTcp());

        var warning = await server.WaitForLogAsync(l => l.EventId.Id == 1201, TimeSpan.FromSeconds(5));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.Contains($"127.0.0.1:{server.PlainTcpPort}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("unencrypted", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_port_fails_the_start_naming_the_option_and_its_environment_variable()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.Settings["Palisade:Listeners:Tls:Port"] = "70000";
        }));

        Assert.Contains("Palisade:Listeners:Tls:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("PALISADE__LISTENERS__TLS__PORT", error.Message, StringComparison.Ordinal);
        Assert.Contains("70000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_broker_limit_fails_the_start_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.Settings["Palisade:Broker:ReceiveMaximum"] = "0";
        }));

        Assert.Contains("Palisade:Broker:ReceiveMaximum", error.Message, StringComparison.Ordinal);
        Assert.Contains("PALISADE__BROKER__RECEIVEMAXIMUM", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_listeners_on_one_port_fail_the_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.Settings["Palisade:Listeners:Tls:Port"] = "18999";
            o.Settings["Palisade:Listeners:WebSocket:Port"] = "18999";
        }));

        Assert.Contains("Palisade:Listeners:WebSocket:Port", error.Message, StringComparison.Ordinal);
        Assert.Contains("already used by listener Tls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misspelt_option_fails_the_start_instead_of_being_ignored()
    {
        // "Enable" instead of "Enabled": silently ignoring it would leave the operator believing plain TCP is configured.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.Settings["Palisade:Listeners:PlainTcp:Enable"] = "true";
        }));

        Assert.Contains("Enable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_override_the_config_file()
    {
        var directory = Directory.CreateTempSubdirectory("palisade-config-");
        try
        {
            var configFile = Path.Combine(directory.FullName, "custom.json");
            await File.WriteAllTextAsync(configFile, """
                { "Palisade": { "Listeners": { "WebSocket": { "Path": "/from-file" } }, "Broker": { "MaximumQueuedMessages": 77 } } }
                """);

            await using var server = await PalisadeServerFixture.StartAsync(o =>
            {
                o.WithEchoServer(new EchoMqttServer());
                o.ConfigFile = configFile;
                o.Environment["PALISADE__LISTENERS__WEBSOCKET__PATH"] = "/from-env";
                o.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:1";
            });

            var listeners = server.Services.GetRequiredService<IOptions<ListenersOptions>>().Value;
            var broker = server.Services.GetRequiredService<IOptions<BrokerOptions>>().Value;
            Assert.Equal("/from-env", listeners.WebSocket.Path);
            Assert.Equal(77, broker.MaximumQueuedMessages);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Palisade_json_in_the_working_directory_is_read_when_no_config_is_given()
    {
        var directory = Directory.CreateTempSubdirectory("palisade-config-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "palisade.json"), """
                { "Palisade": { "Broker": { "MaximumQueuedMessages": 55 } } }
                """);

            await using var server = await PalisadeServerFixture.StartAsync(o =>
            {
                o.WithEchoServer(new EchoMqttServer());
                o.WorkingDirectory = directory.FullName;
            });

            Assert.Equal(55, server.Services.GetRequiredService<IOptions<BrokerOptions>>().Value.MaximumQueuedMessages);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Missing_explicit_config_file_fails_the_start_naming_the_file()
    {
        var error = await Assert.ThrowsAsync<PalisadeConfigurationException>(() => PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.ConfigFile = "/nonexistent/palisade-missing.json";
        }));

        Assert.Contains("/nonexistent/palisade-missing.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_mapping_takes_only_PALISADE_double_underscore_variables()
    {
        var mapped = PalisadeConfiguration.FromEnvironment(new System.Collections.Hashtable
        {
            ["PALISADE__DATADIRECTORY"] = "/srv/palisade",
            ["palisade__listeners__tls__port"] = "9883",
            ["PALISADEX__IGNORED"] = "1",
            ["PATH"] = "/usr/bin",
        });

        Assert.Equal(2, mapped.Count);
        Assert.Equal("/srv/palisade", mapped["Palisade:DATADIRECTORY"]);
        Assert.Equal("9883", mapped["Palisade:listeners:tls:port"]);
    }

    [Fact]
    public async Task Serve_command_reports_a_configuration_error_on_stderr_with_exit_code_2()
    {
        var directory = Directory.CreateTempSubdirectory("palisade-serve-");
        try
        {
            using var error = new StringWriter();
            var exitCode = await ServeCommand.RunAsync(new PalisadeHostSettings
            {
                WorkingDirectory = directory.FullName,
                DataDirectory = Path.Combine(directory.FullName, "data"),
                Environment = new System.Collections.Hashtable { ["PALISADE__SHUTDOWNTIMEOUTSECONDS"] = "0" },
                ConsoleLogging = false,
            }, error, CancellationToken.None);

            Assert.Equal(PalisadeCommandLine.ConfigurationErrorExitCode, exitCode);
            Assert.Contains("Palisade:ShutdownTimeoutSeconds", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("PALISADE__SHUTDOWNTIMEOUTSECONDS", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Command_line_offers_serve_with_config_and_data_options()
    {
        var output = new StringWriter();
        var root = PalisadeCommandLine.CreateRootCommand();
        var exitCode = await root.Parse(["serve", "--help"]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });

        Assert.Equal(0, exitCode);
        Assert.Contains("--config", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--data", output.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(0, await root.Parse(["no-such-command"]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() }));
    }

    [Fact]
    public async Task Sample_config_file_is_accepted_and_applied()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "palisade.json");

        await using var server = await PalisadeServerFixture.StartAsync(o =>
        {
            o.WithEchoServer(new EchoMqttServer());
            o.ConfigFile = sample;
        });

        using var certificate = server.ServerCertificate;
        Assert.True(certificate.MatchesHostname("broker.plant.example"));
        Assert.Equal(1000, server.Services.GetRequiredService<IOptions<BrokerOptions>>().Value.MaximumQueuedMessages);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Palisade.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found above " + AppContext.BaseDirectory);
    }
}
