using System.ComponentModel.DataAnnotations;

namespace Platform.ApiService.Authentication;

/// <summary>The users who may sign in, from the <c>Users</c> configuration section, by user id.</summary>
public sealed class UserDirectoryOptions
{
    public const string SectionName = "Users";

    public Dictionary<string, UserEntry> Users { get; set; } = new(StringComparer.Ordinal);

    public sealed class UserEntry
    {
        /// <summary>A hash made by <c>hash-password</c>; plain passwords are never accepted.</summary>
        [Required]
        public string PasswordHash { get; set; } = "";

        /// <summary>Where the user's order receipts go unless an order names a recipient, e.g. <c>Alice &lt;alice@example.com&gt;</c>.</summary>
        public string? Email { get; set; }
    }
}
