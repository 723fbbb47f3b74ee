using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Apis;

public sealed record VerifyEmailRequest(string? Token);

public sealed record ForgotPasswordRequest(string? Email);

public sealed record ResetPasswordRequest(string? Token, string? NewPassword);

public sealed record AccountRecoveryServices(UserManager<BychefizaUser> Users, AccountEmails Emails, AccountTokens Tokens, Sessions Sessions);

/// <summary>Email verification and password reset, each through a single-use token sent by email.</summary>
public static class AccountRecoveryApi
{
    private static readonly Dictionary<string, string[]> InvalidToken = new() { ["token"] = ["This link is not valid: it was used already, has expired, or is incomplete."] };

    public static IEndpointRouteBuilder MapAccountRecoveryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Account recovery").AllowAnonymous();

        api.MapPost("/verify-email", VerifyEmailAsync).WithName("VerifyEmail");
        api.MapPost("/forgot-password", ForgotPasswordAsync).WithName("ForgotPassword");
        api.MapPost("/reset-password", ResetPasswordAsync).WithName("ResetPassword");

        return app;
    }

    public static async Task<Results<NoContent, ValidationProblem>> VerifyEmailAsync(
        VerifyEmailRequest request, [AsParameters] AccountRecoveryServices services, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Token)
            || await services.Tokens.UseAsync(request.Token, AccountTokenPurpose.VerifyEmail, cancellationToken) is not { } userId
            || await services.Users.FindByIdAsync(userId.ToString()) is not { } user)
        {
            return TypedResults.ValidationProblem(InvalidToken);
        }

        user.EmailConfirmed = true;
        await services.Users.UpdateAsync(user);
        return TypedResults.NoContent();
    }

    /// <summary>Always 202: the answer never tells whether an account exists.</summary>
    public static async Task<Results<Accepted, ValidationProblem>> ForgotPasswordAsync(
        ForgotPasswordRequest request, [AsParameters] AccountRecoveryServices services, CancellationToken cancellationToken)
    {
        if (AuthValidation.Email(request.Email) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await services.Users.FindByEmailAsync(request.Email!.Trim()) is { } user)
        {
            await services.Emails.SendPasswordResetAsync(user, cancellationToken);
        }
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>Sets the new password, lifts a lockout after failed sign-ins (not an admin's lock), and ends every session and every other reset link.</summary>
    public static async Task<Results<NoContent, ValidationProblem>> ResetPasswordAsync(
        ResetPasswordRequest request, [AsParameters] AccountRecoveryServices services, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Token) || string.IsNullOrEmpty(request.NewPassword))
        {
            return TypedResults.ValidationProblem(AuthValidation.Required(("token", request.Token), ("newPassword", request.NewPassword)));
        }
        if (await services.Tokens.PeekAsync(request.Token, AccountTokenPurpose.ResetPassword, cancellationToken) is not { } userId
            || await services.Users.FindByIdAsync(userId.ToString()) is not { } user)
        {
            return TypedResults.ValidationProblem(InvalidToken);
        }

        // Check the new password before the token is spent, so a rejected password costs no new email.
        var problems = new List<IdentityError>();
        foreach (var validator in services.Users.PasswordValidators)
        {
            problems.AddRange((await validator.ValidateAsync(services.Users, user, request.NewPassword)).Errors);
        }
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newPassword"] = [.. problems.Select(p => p.Description)] });
        }
        if (await services.Tokens.UseAsync(request.Token, AccountTokenPurpose.ResetPassword, cancellationToken) is null)
        {
            return TypedResults.ValidationProblem(InvalidToken);
        }

        user.PasswordHash = services.Users.PasswordHasher.HashPassword(user, request.NewPassword);
        await services.Users.UpdateSecurityStampAsync(user);
        if (!user.LockedByAdmin)
        {
            await services.Users.SetLockoutEndDateAsync(user, null);
            await services.Users.ResetAccessFailedCountAsync(user);
        }
        await services.Tokens.RevokeAsync(user.Id, AccountTokenPurpose.ResetPassword, cancellationToken);
        await services.Sessions.EndAllAsync(user.Id, "password-reset", cancellationToken);
        return TypedResults.NoContent();
    }
}
