using System.Security.Cryptography;

namespace Platform.ApiService.Teams;

/// <summary>Ids of teams and members: 64 random bits as 16 lowercase hex digits.</summary>
public static class TeamIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Anything else cannot name a team or member, so it is answered 404 without activating a grain.</summary>
    public static bool IsWellFormed(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);
}
