using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Platform.Tests.Infrastructure;

/// <summary>
/// Writers and readers through the API until stopped: each user (named by the trusted proxy header, or a demo user
/// with HTTP Basic) writes a counter that only grows and reads it back. A request fails when it does not answer 2xx, or a read shows less
/// than the user's last acknowledged write; afterwards every acknowledged write must still be there.
/// </summary>
public sealed class SessionLoad : IAsyncDisposable
{
    public const string UserHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failed = new();
    private readonly ConcurrentDictionary<string, int> _failedByStatus = new();
    private readonly long[] _acknowledged;
    private readonly long[] _writes;
    private readonly IReadOnlyList<Uri> _targets;
    private readonly IReadOnlyList<string>? _basicUsers;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task[] _users;
    private long _requests;
    private long _lastSuccess;
    private long _longestGap;
    private long _faultAt = -1;
    private long _lastFailureAt = -1;

    private SessionLoad(IReadOnlyList<Uri> targets, int users, IReadOnlyList<string>? basicUsers)
    {
        _targets = targets;
        _basicUsers = basicUsers;
        _acknowledged = new long[users];
        _writes = new long[users];
        _users = Enumerable.Range(0, users).Select(user => Task.Run(() => Run(user))).ToArray();
    }

    public static SessionLoad Start(Uri target, int users) => new([target], users, null);

    /// <summary>
    /// Users spread over several API instances, each client retrying a request that got no answer at all on the
    /// next instance, as the README tells clients to (the load's writes put whole values, so a repeat is harmless).
    /// </summary>
    public static SessionLoad StartAcross(IReadOnlyList<Uri> targets, int users) => new(targets, users, null);

    /// <summary>The demo users (password "password"), for an API that believes no proxy header.</summary>
    public static SessionLoad StartWithBasic(Uri target, params string[] users) => new([target], users.Length, users);

    /// <summary>Waits until every user has had one more write acknowledged than when called.</summary>
    public Task UntilEachUserWrote()
    {
        var from = _writes.ToArray();
        return Eventually.Holds(() => Task.FromResult(_writes.Where((count, user) => Volatile.Read(ref _writes[user]) > from[user]).Count()),
            wrote => wrote == _writes.Length, TimeSpan.FromSeconds(60), "every user has a write acknowledged");
    }

    public int FailedSoFar => _failed.Count;

    /// <summary>Notes when the fault began, for the time to recover.</summary>
    public void FaultNow() => Interlocked.Exchange(ref _faultAt, Now);

    public async Task<LoadResult> Stop()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_users);
        var (faultAt, lastFailureAt) = (Interlocked.Read(ref _faultAt), Interlocked.Read(ref _lastFailureAt));
        var recovery = faultAt < 0 || lastFailureAt < faultAt ? TimeSpan.Zero : TimeSpan.FromTicks(lastFailureAt - faultAt);
        return new LoadResult(Interlocked.Read(ref _requests), [.. _failed], new Dictionary<string, int>(_failedByStatus),
            TimeSpan.FromTicks(Interlocked.Read(ref _longestGap)), recovery);
    }

    /// <summary>Users whose last acknowledged value is no longer what the API reads (through its last instance: a test stops the first ones).</summary>
    public async Task<List<string>> LostWrites()
    {
        var lost = new List<string>();
        for (var user = 0; user < _acknowledged.Length; user++)
        {
            using var response = await _http.SendAsync(Request(HttpMethod.Get, user, _targets[^1]));
            var read = response.IsSuccessStatusCode ? long.Parse(await response.Content.ReadAsStringAsync()) : -1;
            if (read < _acknowledged[user]) lost.Add($"user-{user}: acknowledged {_acknowledged[user]}, read {read} ({(int)response.StatusCode})");
        }

        return lost;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await Stop();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task Run(int user)
    {
        for (var next = 1L; !_stop.IsCancellationRequested; next++)
        {
            var value = next;
            if (await Send(target =>
                {
                    var write = Request(HttpMethod.Put, user, target);
                    write.Content = new StringContent($"{value}", Encoding.UTF8, "application/json");
                    return write;
                }, user) is not null)
            {
                Volatile.Write(ref _acknowledged[user], next);
                Interlocked.Increment(ref _writes[user]);
            }

            if (await Send(target => Request(HttpMethod.Get, user, target), user) is { } body && long.Parse(body) < _acknowledged[user])
            {
                Failed("stale read", $"user-{user} read {body} after {_acknowledged[user]} was acknowledged");
            }
        }
    }

    /// <summary>
    /// The body of a 2xx answer; otherwise null, and the failure recorded. A request that gets no answer (the instance
    /// is gone) is sent again to the next instance, if there is one.
    /// </summary>
    private async Task<string?> Send(Func<Uri, HttpRequestMessage> request, int user)
    {
        Interlocked.Increment(ref _requests);
        for (var attempt = 0; ; attempt++)
        {
            using var message = request(_targets[(user + attempt) % _targets.Count]);
            try
            {
                using var response = await _http.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    Succeeded();
                    return body;
                }

                Failed($"{(int)response.StatusCode}", $"user-{user} {message.Method} at {Seconds:0.000} s {(int)response.StatusCode} {body}");
                return null;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                if (exception is HttpRequestException && attempt + 1 < _targets.Count) continue;
                Failed(exception is TaskCanceledException ? "timeout" : "no connection",
                    $"user-{user} {message.Method} at {Seconds:0.000} s {exception.GetType().Name}: {exception.Message} {exception.InnerException?.Message}");
                return null;
            }
        }
    }

    private double Seconds => Now / (double)TimeSpan.TicksPerSecond;

    private long Now => _clock.ElapsedTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency;

    private void Failed(string kind, string what)
    {
        _failed.Enqueue(what);
        _failedByStatus.AddOrUpdate(kind, 1, (_, count) => count + 1);
        Interlocked.Exchange(ref _lastFailureAt, Now);
    }

    private void Succeeded()
    {
        var now = Now;
        var previous = Interlocked.Exchange(ref _lastSuccess, now);
        var gap = now - previous;
        long longest;
        while (gap > (longest = Interlocked.Read(ref _longestGap)) && Interlocked.CompareExchange(ref _longestGap, gap, longest) != longest)
        {
        }
    }

    private HttpRequestMessage Request(HttpMethod method, int user, Uri target)
    {
        var request = new HttpRequestMessage(method, new Uri(target, "/session/load-counter"));
        if (_basicUsers is null) request.Headers.Add(UserHeader, $"load-user-{user}");
        else request.Headers.Authorization = ApiFactory.Basic(_basicUsers[user], "password");
        return request;
    }
}

/// <summary>
/// What a load saw: requests sent, the failures (each, and counted by status), the longest time without any
/// success, and how long after the fault began the last failure came (zero without failures).
/// </summary>
public sealed record LoadResult(long Requests, IReadOnlyList<string> Failed, IReadOnlyDictionary<string, int> FailedByStatus,
    TimeSpan LongestGap, TimeSpan Recovery)
{
    /// <summary>How many requests failed, and the first few failures: the message of a failed assertion.</summary>
    public string FailureSummary => $"{Failed.Count} of {Requests} requests failed: {string.Join("; ", Failed.Take(5))}";

    /// <summary>One line for the reliability page (tests/reliability.sh collects these from the test output).</summary>
    public string Figures(string fault, int lostWrites) =>
        $"RELIABILITY|{fault}|{Requests}|{(FailedByStatus.Count == 0 ? "0" : string.Join(", ", FailedByStatus.OrderBy(p => p.Key).Select(p => $"{p.Value} × {p.Key}")))}|{LongestGap.TotalSeconds:0.00} s|{lostWrites}|{Recovery.TotalSeconds:0.0} s";
}
