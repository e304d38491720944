extern alias AppHostAssembly;

using AppHostAssembly::Platform.AppHost.Supervision;

namespace Platform.Tests.Supervision;

/// <summary>
/// The crash restarter reads resource changes from its own queue, possibly behind the commands: what it must
/// conclude about an exit it reaches late.
/// </summary>
public sealed class StopIntentTests
{
    [Fact]
    public void A_stop_followed_by_a_start_before_the_restarter_reaches_the_exit_is_still_on_purpose()
    {
        var intent = new StopIntent();

        intent.Stopping("silo-a");
        intent.Starting("silo-a");

        Assert.True(intent.WasStoppedOnPurpose("silo-a"));
        intent.RunningAgain("silo-a");
        Assert.False(intent.WasStoppedOnPurpose("silo-a"));
    }

    [Fact]
    public void Running_seen_before_any_start_was_asked_for_does_not_forget_the_stop()
    {
        var intent = new StopIntent();

        intent.Stopping("silo-a");
        intent.RunningAgain("silo-a");

        Assert.True(intent.WasStoppedOnPurpose("silo-a"));
    }

    [Fact]
    public void A_start_with_no_stop_before_it_and_a_stop_that_was_abandoned_leave_the_next_exit_a_crash()
    {
        var intent = new StopIntent();

        intent.Starting("silo-a");
        intent.Stopping("silo-b");
        intent.StopAbandoned("silo-b");

        Assert.False(intent.WasStoppedOnPurpose("silo-a"));
        Assert.False(intent.WasStoppedOnPurpose("silo-b"));
    }
}
