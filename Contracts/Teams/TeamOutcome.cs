namespace Platform.Contracts.Teams;

/// <summary>What became of a change to a team; anything but <see cref="Applied"/> changed nothing.</summary>
public enum TeamOutcome
{
    Applied,
    NotFound,
    /// <summary>Another team has this name (names are unique, ignoring case).</summary>
    NameTaken,
    /// <summary>The team moved on from the version the caller named (If-Match).</summary>
    VersionMismatch,
    /// <summary>The team has as many members as a team may have.</summary>
    TeamFull,
    MemberNotFound,
    /// <summary>Another member of the team has this email address.</summary>
    EmailTaken,
}
