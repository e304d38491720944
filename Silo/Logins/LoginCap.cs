namespace Platform.Silo.Logins;

/// <summary>Applies the per-user cap before a new login session joins the list.</summary>
public static class LoginCap
{
    /// <summary>
    /// Makes room for one more session: returns the sessions to end (least recently used first), or
    /// null when the policy refuses the new one instead.
    /// </summary>
    public static IReadOnlyList<LoginRecord>? MakeRoom(IReadOnlyList<LoginRecord> sessions, LoginPolicyOptions policy)
    {
        var excess = sessions.Count + 1 - policy.MaxPerUser;
        if (excess <= 0) return [];
        if (policy.WhenFull == WhenLoginsFull.RejectNew) return null;
        return sessions.OrderBy(session => session.LastUsed).ThenBy(session => session.Created).Take(excess).ToList();
    }
}
