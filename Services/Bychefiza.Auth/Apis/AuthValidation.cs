using System.Net.Mail;
using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Apis;

/// <summary>Field errors in the shape of RFC 7807 validation problems: field name → messages.</summary>
internal static class AuthValidation
{
    public const int MaxDisplayName = 100;
    public const int MaxEmail = 254;

    /// <summary>Far above any token auth issues: a longer one cannot be one of ours.</summary>
    public const int MaxToken = 512;

    public static Dictionary<string, string[]> Register(RegisterRequest request)
    {
        var errors = Required(("email", request.Email), ("password", request.Password), ("displayName", request.DisplayName));
        if (!errors.ContainsKey("email") && !IsEmail(request.Email!.Trim()))
        {
            errors["email"] = ["Enter an email address such as name@example.com."];
        }
        if (!errors.ContainsKey("displayName") && request.DisplayName!.Trim().Length > MaxDisplayName)
        {
            errors["displayName"] = [$"Use at most {MaxDisplayName} characters."];
        }
        return errors;
    }

    public static Dictionary<string, string[]> Required(params (string Field, string? Value)[] fields) =>
        fields.Where(f => string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Field, _ => new[] { "This field is required." });

    /// <summary>Identity's password and email rules, as field errors.</summary>
    public static Dictionary<string, string[]> FromIdentity(IEnumerable<IdentityError> errors) =>
        errors.GroupBy(e => e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) ? "email"
                : e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : "")
            .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray());

    /// <summary>Only the form of the address: whether an account has it is never told.</summary>
    public static Dictionary<string, string[]> Email(string? email) =>
        string.IsNullOrWhiteSpace(email) ? Required(("email", email))
        : IsEmail(email.Trim()) ? []
        : new() { ["email"] = ["Enter an email address such as name@example.com."] };

    public static Dictionary<string, string[]> Token(string field, string? token) =>
        string.IsNullOrWhiteSpace(token) ? Required((field, token))
        : token.Length > MaxToken || token.Any(char.IsControl) ? new() { [field] = ["This is not a token we issued."] }
        : [];

    private static bool IsEmail(string value) =>
        value.Length <= MaxEmail
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);
}
