using CoachConsole.Web.Floor;
using CoachConsole.Web.Library;
using CoachConsole.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace CoachConsole.Web.Tests.Realtime;

/// <summary>The registry of the messages the relay carries between instances.</summary>
public sealed class ClusterMessagesTests
{
    [Fact]
    public void FeatureMessages_AreRegisteredOncePerKind_AndAnUnregisteredTypeIsRefused()
    {
        var services = new ServiceCollection();
        services.AddFloorMessages();
        services.AddLibraryMessages();
        using var provider = services.BuildServiceProvider();
        var messages = provider.GetRequiredService<ClusterMessages>();

        Assert.Equal(["alert", "break", "cues", "library", "rules"], messages.Kinds.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.Equal(typeof(LibraryPublished), messages.Find("library")!.PayloadType);
        Assert.Null(messages.Find("nothing"));

        // Without a relay (one instance) a registered message goes nowhere; an unregistered one is a mistake.
        messages.Send(new LibraryPublished(3));
        var refused = Assert.Throws<InvalidOperationException>(() => messages.Send(new DateTimeOffset()));
        Assert.Contains(nameof(DateTimeOffset), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoKindsOfOneName_AreRefusedAtStart()
    {
        var services = new ServiceCollection();
        services.AddLibraryMessages();
        services.AddClusterMessage<CuesPublished>("library", (_, _, _) => Task.CompletedTask);
        using var provider = services.BuildServiceProvider();

        var refused = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ClusterMessages>());
        Assert.Contains("'library'", refused.Message, StringComparison.Ordinal);
    }
}
