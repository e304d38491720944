namespace Platform.Silo.Sessions;

/// <summary>
/// What session grains ask of the cluster's membership on every call, worked out once per membership version
/// (it changes when a silo joins, stops or dies), not per call.
/// </summary>
public sealed class SessionMembership(IClusterMembershipService membership)
{
    private readonly Lock _update = new();
    private Facts _current = new(MembershipVersion.MinValue, false, false, MembershipVersion.MinValue, 0);

    public Facts Current
    {
        get
        {
            var snapshot = membership.CurrentSnapshot;
            var current = Volatile.Read(ref _current);
            if (current.Version >= snapshot.Version) return current;

            lock (_update)
            {
                if (_current.Version >= snapshot.Version) return _current;
                var statuses = snapshot.Members.Values.Select(member => member.Status).ToList();
                var stopping = statuses.Any(status => status is SiloStatus.ShuttingDown or SiloStatus.Stopping);
                var dead = statuses.Count(status => status == SiloStatus.Dead);
                // The version after a stop counts as part of it: what the stopping silo answered last is in storage only.
                var stopSeen = stopping || _current.SiloStopping || dead > _current.Dead ? snapshot.Version : _current.StopSeen;
                current = new Facts(snapshot.Version, stopping, statuses.Contains(SiloStatus.Active), stopSeen, dead);
                Volatile.Write(ref _current, current);
                return current;
            }
        }
    }

    /// <param name="Version">The membership version these facts are of.</param>
    /// <param name="SiloStopping">A silo is stopping: a user's grain may meanwhile be active on it and on another silo.</param>
    /// <param name="SiloActive">Some silo is active (none is while the whole cluster stops).</param>
    /// <param name="StopSeen">The latest version in which a silo was stopping, or had just stopped or died.</param>
    /// <param name="Dead">Silos membership lists as dead.</param>
    public sealed record Facts(MembershipVersion Version, bool SiloStopping, bool SiloActive, MembershipVersion StopSeen, int Dead);
}
