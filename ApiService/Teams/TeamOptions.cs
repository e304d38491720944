using System.ComponentModel.DataAnnotations;

namespace Platform.ApiService.Teams;

/// <summary>What the teams API accepts (configuration section <c>Teams</c>).</summary>
public sealed class TeamOptions
{
    public const string SectionName = "Teams";

    /// <summary>How many members one team may have. Default 100.</summary>
    [Range(1, 10_000)]
    public int MaxMembers { get; set; } = 100;

    /// <summary>Longest team or member name, in characters after trimming. Default 100.</summary>
    [Range(1, 1_000)]
    public int MaxNameLength { get; set; } = 100;

    /// <summary>Longest team description, in characters after trimming. Default 1000.</summary>
    [Range(0, 10_000)]
    public int MaxDescriptionLength { get; set; } = 1_000;

    /// <summary>A body big enough for every field at its longest, even with every character \u-escaped; larger ones are refused unread.</summary>
    public int MaxBodyBytes => 6 * (2 * MaxNameLength + MaxDescriptionLength + TeamInput.MaxRoleLength + TeamInput.MaxEmailLength) + 1024;
}
