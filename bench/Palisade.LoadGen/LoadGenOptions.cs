namespace Palisade.LoadGen;

/// <summary>Everything a run is asked to do; see <c>palisade-loadgen --help</c> for each option.</summary>
internal sealed record LoadGenOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 1883;
    public bool Tls { get; init; }
    public string? CaFile { get; init; }
    public bool Insecure { get; init; }
    public string? ServerName { get; init; }
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }
    public string? UserName { get; init; }
    public string? Password { get; init; }

    /// <summary>Folder of per-device client certificates: idle device i presents dev{i}.crt/dev{i}.key, client id dev{i}.</summary>
    public string? CertDir { get; init; }
    public string? PubCertFile { get; init; }
    public string? PubKeyFile { get; init; }
    public string? PubClientId { get; init; }
    public string? SubCertFile { get; init; }
    public string? SubKeyFile { get; init; }
    public string? SubClientId { get; init; }
    public string? SubUserName { get; init; }
    public string? SubPassword { get; init; }

    /// <summary>Publisher i is device <c>string.Format(PubIdFormat, i)</c> with DIR/{id}.crt and DIR/{id}.key (mutual TLS).</summary>
    public string? PubCertDir { get; init; }
    public string PubIdFormat { get; init; } = "pub{0}";

    /// <summary>Subscription filter of the subscribers (default: --topic with {id} as '+').</summary>
    public string? SubTopic { get; init; }

    /// <summary>Payload of the load: "binary" (8-byte timestamp + filler) or "telemetry" (JSON reading, see TelemetryBody).</summary>
    public string PayloadKind { get; init; } = "binary";
    public Wire.EnvelopeForm Envelope { get; init; }

    /// <summary>Folder of envelope keys: the publisher with client id X signs with DIR/X.hmac ("KID SECRET").</summary>
    public string? KeyDir { get; init; }
    public ulong? SequenceStart { get; init; }

    /// <summary>Control commands per second from one application to the first idle devices (0 = none).</summary>
    public double ControlRate { get; init; }
    public int ControlDevices { get; init; } = 10;
    public string ControlTopicFormat { get; init; } = "p/bench/d/dev{0}/commands/setpoint";
    public int ControlQos { get; init; } = 1;
    public string? CtlClientId { get; init; }
    public string? CtlCertFile { get; init; }
    public string? CtlKeyFile { get; init; }
    public string? CtlUserName { get; init; }
    public string? CtlPassword { get; init; }
    public int Protocol { get; init; } = 4;
    public int Qos { get; init; }
    public int Payload { get; init; } = 100;
    public int Publishers { get; init; } = 1;
    public int Subscribers { get; init; } = 1;
    public int Idle { get; init; }

    /// <summary>Idle device i is dev{i + IdleOffset} (a second generator process can take dev0..dev{offset-1}).</summary>
    public int IdleOffset { get; init; }
    public double Duration { get; init; } = 10;
    public double Warmup { get; init; } = 2;
    public int InFlight { get; init; } = 1000;
    public int EndToEndWindow { get; init; }
    public double Rate { get; init; }
    public int Batch { get; init; } = 128;

    /// <summary>Packets each publisher encodes (and signs) before the load starts; 0 = encode while sending. See PresignedPublishSource.</summary>
    public int Presign { get; init; }
    public string Topic { get; init; } = "p/bench/load";
    public string IdleTopicFormat { get; init; } = "p/bench/d/dev{0}/commands";
    public string ClientIdPrefix { get; init; } = $"lg{Environment.ProcessId}-";
    public int ConnectConcurrency { get; init; } = 200;
    public double ConnectTimeout { get; init; } = 15;
    public int SourceAddresses { get; init; } = 1;
    public int? BrokerPid { get; init; }
    public double Settle { get; init; } = 2;
    public double Drain { get; init; } = 3;
    public int KeepAlive { get; init; } = 120;
    public bool Json { get; init; }
    public string? Output { get; init; }
    public string? Label { get; init; }
    public string? Scenario { get; init; }
}
