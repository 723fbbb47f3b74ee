using System.Net.Mail;
using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Apis;

/// <summary>Field errors in the shape of RFC 7807 validation problems: field name → messages.</summary>
internal static class AuthValidation
{
    public const int MaxDisplayName = 100;
    public const int MaxEmail = 254;

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

    private static bool IsEmail(string value) =>
        value.Length <= MaxEmail
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.Host.Contains('.', StringComparison.Ordinal);
}
