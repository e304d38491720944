using System.IO.Hashing;
using System.Text;

namespace Platform.Silo.Sessions;

/// <summary>Which expiry partition (<see cref="SessionExpiryGrain"/>) keeps a user's due time.</summary>
public static class SessionExpiryPartitions
{
    /// <summary>
    /// Fixed: a user's entry stays where it was stored. Enough to spread the work over silos, few enough
    /// that their reminders (one each) cost nothing.
    /// </summary>
    public const int Count = 16;

    /// <summary>The same in every process (unlike string.GetHashCode, which is randomized per process).</summary>
    public static long Of(string userId) => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(userId)) % Count;
}
