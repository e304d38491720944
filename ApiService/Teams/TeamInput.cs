using System.Net.Mail;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ApiService.Sessions;
using static Platform.ApiService.Problems.ProblemResults;

namespace Platform.ApiService.Teams;

/// <summary>
/// Request bodies of the teams API, read and checked before any grain is asked: text is trimmed and
/// NFC-normalized (so names that look alike compare alike), within its length, and free of control characters.
/// </summary>
public static class TeamInput
{
    public const int MaxRoleLength = 50;
    public const int MaxEmailLength = 254;
    public const string DefaultRole = "member";

    // A misspelt member ("nmae") is refused rather than silently dropped.
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<(TeamFields? Fields, ProblemHttpResult? Problem)> ReadTeam(HttpRequest request, TeamOptions rules, CancellationToken cancellationToken)
    {
        var (body, problem) = await Read<TeamRequest>(request, rules, """{"name": "…", "description": "…"}""", cancellationToken);
        if (body is null) return (null, problem);
        var errors = new List<string>();
        var name = Text("name", body.Name, rules.MaxNameLength, required: true, multiline: false, errors);
        var description = Text("description", body.Description, rules.MaxDescriptionLength, required: false, multiline: true, errors);
        return errors.Count > 0 ? (null, Invalid("team", errors)) : (new TeamFields(name!, description), null);
    }

    public static async Task<(MemberFields? Fields, ProblemHttpResult? Problem)> ReadMember(HttpRequest request, TeamOptions rules, CancellationToken cancellationToken)
    {
        var (body, problem) = await Read<MemberRequest>(request, rules, """{"name": "…", "role": "…", "email": "…"}""", cancellationToken);
        if (body is null) return (null, problem);
        var errors = new List<string>();
        var name = Text("name", body.Name, rules.MaxNameLength, required: true, multiline: false, errors);
        var role = Text("role", body.Role, MaxRoleLength, required: false, multiline: false, errors) ?? DefaultRole;
        var email = Text("email", body.Email, MaxEmailLength, required: false, multiline: false, errors);
        if (email is not null && !(MailAddress.TryCreate(email, out var address) && address.Address == email))
        {
            errors.Add("email: is not an email address such as ada@example.com.");
        }

        return errors.Count > 0 ? (null, Invalid("member", errors)) : (new MemberFields(name!, role, email), null);
    }

    private static async Task<(T? Body, ProblemHttpResult? Problem)> Read<T>(HttpRequest request, TeamOptions rules, string shape, CancellationToken cancellationToken)
        where T : class
    {
        var body = await JsonBody.Read(request, rules.MaxBodyBytes, cancellationToken);
        if (body.Problem is { } bad) return (null, bad);
        try
        {
            if (body.Element.Deserialize<T>(Strict) is { } parsed) return (parsed, null);
        }
        catch (JsonException exception)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "Invalid body", $"Send {shape}. {exception.Message}"));
        }

        return (null, Problem(StatusCodes.Status400BadRequest, "Invalid body", $"Send {shape}, not null."));
    }

    /// <summary>The cleaned text (null when absent or blank and not required), or an error added to <paramref name="errors"/>.</summary>
    private static string? Text(string field, string? value, int maxLength, bool required, bool multiline, List<string> errors)
    {
        string text;
        try
        {
            text = (value ?? "").Trim().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            errors.Add($"{field}: is not valid Unicode text.");
            return null;
        }

        if (text.Length == 0)
        {
            if (required) errors.Add($"{field}: is required and may not be blank.");
            return null;
        }

        if (text.Length > maxLength) errors.Add($"{field}: may have at most {maxLength} characters, not {text.Length}.");
        if (text.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            errors.Add(multiline ? $"{field}: may not hold control characters other than line breaks and tabs." : $"{field}: may not hold control characters.");
        }

        return text;
    }

    private static ProblemHttpResult Invalid(string what, List<string> errors) =>
        Problem(StatusCodes.Status400BadRequest, $"Invalid {what}", string.Join(" ", errors));

    public sealed record TeamRequest(string? Name, string? Description);

    public sealed record MemberRequest(string? Name, string? Role, string? Email);

    /// <summary>A team's name and description, checked.</summary>
    public sealed record TeamFields(string Name, string? Description);

    /// <summary>A new member's name, role and email, checked.</summary>
    public sealed record MemberFields(string Name, string Role, string? Email);
}
