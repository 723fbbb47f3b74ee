using System.Security.Claims;
using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Bychefiza.Messaging.Events;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.Apis;

public sealed record AuthServices(
    AuthDbContext Db, UserManager<BychefizaUser> Users, IPasswordHasher<BychefizaUser> Hasher, Sessions Sessions,
    AccountEmails Emails, AccountTokens Tokens, TimeProvider Time, AccountLog Log);

public static class AuthApi
{
    private const string InvalidCredentials = "The email or password is not correct.";

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Auth");

        api.MapPost("/register", RegisterAsync).WithName("Register").AllowAnonymous();
        api.MapPost("/login", LoginAsync).WithName("Login").AllowAnonymous();
        api.MapPost("/refresh", RefreshAsync).WithName("Refresh").AllowAnonymous();
        api.MapPost("/logout", LogoutAsync).WithName("Logout").AllowAnonymous();
        api.MapGet("/me", MeAsync).WithName("Me").RequireAuthorization(Policies.Customer);
        api.MapPost("/change-password", ChangePasswordAsync).WithName("ChangePassword").RequireAuthorization(Policies.Customer);

        return app;
    }

    public static async Task<Results<Created<RegisterResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterRequest request, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        var errors = AuthValidation.Register(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var email = request.Email!.Trim();
        var displayName = request.DisplayName!.Trim();
        // The account, its role and UserRegistered commit together: no user without the event, no event without the user.
        var (user, created) = await services.Db.InTransactionAsync(async ct =>
        {
            var user = new BychefizaUser { UserName = email, Email = email, DisplayName = displayName, CreatedAt = services.Time.GetUtcNow() };
            var created = await services.Users.CreateAsync(user, request.Password!);
            if (!created.Succeeded)
            {
                // Refused before anything was written; the empty transaction commits harmlessly.
                return (user, created);
            }
            var role = await services.Users.AddToRoleAsync(user, Roles.Customer);
            if (!role.Succeeded)
            {
                // Throwing rolls the account back: a user without a role is no customer.
                throw new InvalidOperationException($"Could not grant the customer role: {string.Join(", ", role.Errors.Select(e => e.Code))}");
            }
            services.Db.AddEvent(new UserRegistered(user.Id, email, displayName));
            await services.Db.SaveChangesAsync(ct);
            return (user, created);
        }, cancellationToken);

        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            return TypedResults.Problem(title: "An account with this email already exists.", statusCode: StatusCodes.Status409Conflict);
        }
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(AuthValidation.FromIdentity(created.Errors));
        }

        services.Log.Registered(user.Id, email);
        await services.Emails.SendVerificationAsync(user, cancellationToken);
        return TypedResults.Created($"/api/users/{user.Id}", new RegisterResponse(user.Id));
    }

    public static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, [AsParameters] AuthServices services, HttpContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(AuthValidation.Required(("email", request.Email), ("password", request.Password)));
        }

        var user = await services.Users.FindByEmailAsync(request.Email.Trim());
        if (user?.PasswordHash is null)
        {
            // Hash anyway, so an unknown email (or an account that signs in elsewhere) takes as long as a wrong password.
            _ = services.Hasher.VerifyHashedPassword(UnknownUser.Instance, UnknownUser.Hash(services.Hasher), request.Password);
            services.Log.SignInFailed(request.Email, "no such account");
            return TypedResults.Problem(title: InvalidCredentials, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await services.Users.IsLockedOutAsync(user))
        {
            var end = await services.Users.GetLockoutEndDateAsync(user) ?? services.Time.GetUtcNow();
            var seconds = Math.Max(1, (int)Math.Ceiling((end - services.Time.GetUtcNow()).TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(title: "This account is locked after repeated failed sign-ins.", statusCode: StatusCodes.Status423Locked);
        }

        if (!await services.Users.CheckPasswordAsync(user, request.Password))
        {
            await services.Users.AccessFailedAsync(user);
            services.Log.SignInFailed(request.Email, "wrong password");
            return TypedResults.Problem(title: InvalidCredentials, statusCode: StatusCodes.Status401Unauthorized);
        }

        await services.Users.ResetAccessFailedCountAsync(user);
        return TypedResults.Ok(await services.Sessions.StartAsync(user, cancellationToken));
    }

    public static async Task<Results<Ok<TokenPair>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
        {
            return TypedResults.ValidationProblem(AuthValidation.Required(("refreshToken", request.RefreshToken)));
        }

        return await services.Sessions.RefreshAsync(request.RefreshToken, cancellationToken) is { } pair
            ? TypedResults.Ok(pair)
            : TypedResults.Problem(title: "The refresh token is not valid.", statusCode: StatusCodes.Status401Unauthorized);
    }

    public static async Task<Results<NoContent, ValidationProblem>> LogoutAsync(
        RefreshRequest request, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        if (AuthValidation.Token("refreshToken", request.RefreshToken) is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await services.Sessions.EndAsync(request.RefreshToken!, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> MeAsync(ClaimsPrincipal principal, [AsParameters] AuthServices services)
    {
        if (await services.Users.FindByIdAsync(principal.FindFirstValue("sub") ?? "") is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var roles = await services.Users.GetRolesAsync(user);
        return TypedResults.Ok(new MeResponse(user.Id, user.Email ?? "", user.DisplayName, [.. roles.Order()], user.EmailConfirmed));
    }

    /// <summary>Every other session ends; the caller gets a fresh pair and stays signed in.</summary>
    public static async Task<Results<Ok<TokenPair>, ValidationProblem, UnauthorizedHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, ClaimsPrincipal principal, [AsParameters] AuthServices services, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            return TypedResults.ValidationProblem(AuthValidation.Required(("currentPassword", request.CurrentPassword), ("newPassword", request.NewPassword)));
        }
        if (await services.Users.FindByIdAsync(principal.FindFirstValue("sub") ?? "") is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (await services.Users.IsLockedOutAsync(user))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currentPassword"] = ["Too many wrong passwords; try again later."] });
        }

        var changed = await services.Users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
        {
            // A stolen access token must not make password guessing free.
            await services.Users.AccessFailedAsync(user);
        }
        if (!changed.Succeeded)
        {
            var errors = changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))
                ? new Dictionary<string, string[]> { ["currentPassword"] = ["The current password is not correct."] }
                : AuthValidation.FromIdentity(changed.Errors).ToDictionary(e => e.Key == "password" ? "newPassword" : e.Key, e => e.Value);
            return TypedResults.ValidationProblem(errors);
        }

        await services.Sessions.EndAllAsync(user.Id, "password-changed", cancellationToken);
        await services.Tokens.RevokeAsync(user.Id, AccountTokenPurpose.ResetPassword, cancellationToken);
        return TypedResults.Ok(await services.Sessions.StartAsync(user, cancellationToken));
    }

    /// <summary>A stand-in whose hash is verified when the email is unknown.</summary>
    private static class UnknownUser
    {
        public static readonly BychefizaUser Instance = new();

        private static string? _hash;

        public static string Hash(IPasswordHasher<BychefizaUser> hasher) =>
            _hash ??= hasher.HashPassword(Instance, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
    }
}
