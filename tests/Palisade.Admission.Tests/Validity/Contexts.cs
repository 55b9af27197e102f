using Palisade.Admission.Pipeline;
using Palisade.Mqtt.Packets;

namespace Palisade.Admission.Tests.Validity;

internal static class Contexts
{
    public static AdmissionContext For(string topic, ReadOnlyMemory<byte> payload, string topicClass) =>
        new(new PublishPacket { Topic = topic, Payload = payload }, "d1", "acme", DateTimeOffset.UnixEpoch) { TopicClass = topicClass };

    public static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, relative);
    }
}
