using System.Net.Http.Headers;
using System.Security.Claims;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.Users.Accounts;
using Bychefiza.Users.Data;
using Bychefiza.Users.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Apis;

public sealed record ProfileServices(UsersDbContext Db, TimeProvider Time);

/// <summary>The caller's own profile and preferences, and closing the account.</summary>
public static class ProfileApi
{
    public static IEndpointRouteBuilder MapProfileApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users/me").WithTags("Profile").RequireAuthorization(Policies.Customer);

        api.MapGet("/", GetAsync).WithName("GetMyProfile");
        api.MapPut("/", UpdateAsync).WithName("UpdateMyProfile");
        api.MapGet("/preferences", GetPreferencesAsync).WithName("GetMyPreferences");
        api.MapPut("/preferences", UpdatePreferencesAsync).WithName("UpdateMyPreferences");
        api.MapDelete("/", DeleteAsync).WithName("DeleteMyAccount");

        return app;
    }

    public static async Task<Results<Ok<ProfileView>, NotFound>> GetAsync(ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var profile = await services.Db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == caller.UserId(), cancellationToken);
        return profile is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(ProfileView.Of(profile, await services.Db.Avatars.AnyAsync(a => a.UserId == profile.Id, cancellationToken)));
    }

    public static async Task<Results<Ok<ProfileView>, NotFound, ValidationProblem>> UpdateAsync(
        ProfileRequest request, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var errors = ProfileValidation.Profile(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await services.Db.Profiles.FirstOrDefaultAsync(p => p.Id == caller.UserId(), cancellationToken) is not { } profile)
        {
            return TypedResults.NotFound();
        }

        profile.Update(request.DisplayName!.Trim(), request.Phone, request.Bio, request.Locale, request.TimeZone, services.Time.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ProfileView.Of(profile, await services.Db.Avatars.AnyAsync(a => a.UserId == profile.Id, cancellationToken)));
    }

    public static async Task<Results<Ok<PreferencesView>, NotFound>> GetPreferencesAsync(
        ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var profile = await services.Db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == caller.UserId(), cancellationToken);
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(PreferencesView.Of(profile.Preferences));
    }

    public static async Task<Results<Ok<PreferencesView>, NotFound, ValidationProblem>> UpdatePreferencesAsync(
        PreferencesRequest request, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var errors = ProfileValidation.Preferences(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await services.Db.Profiles.FirstOrDefaultAsync(p => p.Id == caller.UserId(), cancellationToken) is not { } profile)
        {
            return TypedResults.NotFound();
        }

        var orderUpdates = request.Notifications!.OrderUpdates!;
        var preferences = new Preferences(request.Currency!, request.Language!, request.MarketingEmails!.Value, orderUpdates.InApp!.Value, orderUpdates.Email!.Value);
        profile.Prefer(preferences, services.Time.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PreferencesView.Of(preferences));
    }

    /// <summary>Asks for the password again, so a token left in an unlocked browser cannot close the account.</summary>
    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [FromBody] DeleteAccountRequest request, ClaimsPrincipal caller, HttpContext context,
        AuthPasswords passwords, AccountDeletion deletion, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = ["Give your password to close the account."] });
        }
        if (caller.UserId() is not { } userId || !AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var token))
        {
            return TypedResults.Problem(title: "Sign in to close the account.", statusCode: StatusCodes.Status401Unauthorized);
        }

        switch (await passwords.VerifyAsync(request.Password, token, cancellationToken))
        {
            case PasswordCheck.Wrong:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = ["The password is not correct."] });
            case PasswordCheck.Locked:
                return TypedResults.Problem(title: "Too many wrong passwords; try again later.", statusCode: StatusCodes.Status423Locked);
        }

        return await deletion.DeleteAsync(userId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
    }
}
