using Platform.Contracts;

namespace Platform.Tests.Signals;

/// <summary>The ids of requests and signals, made without a system call each.</summary>
public sealed class UniqueIdsTests
{
    [Fact]
    public void Ids_taken_on_many_threads_at_once_are_all_different()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 20_000; i++) ids.Add(UniqueIds.Next());
        });

        Assert.Equal(160_000, ids.Distinct().Count());
    }

    [Fact]
    public void An_id_reads_as_a_version_8_uuid_so_tools_that_check_the_format_accept_it()
    {
        var text = UniqueIds.Next().ToString();

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", text);
    }
}
