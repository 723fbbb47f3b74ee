using System.Security.Claims;
using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.Apis;

public sealed record AccountSummary(
    Guid UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool EmailVerified, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);

public sealed record AccountPage(IReadOnlyList<AccountSummary> Items, int Page, int PageSize, int TotalCount);

public sealed record SetRolesRequest(IReadOnlyList<string>? Roles);

public sealed record UsersAdminServices(AuthDbContext Db, UserManager<BychefizaUser> Users, Sessions Sessions, TimeProvider Time, ILogger<UsersAdminServices> Audit);

/// <summary>Accounts as admins see them: search, roles, lock and unlock (lockouts from failed sign-ins show here too).</summary>
public static class UsersAdminApi
{
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapUsersAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth/users").WithTags("Accounts (admin)").RequireAuthorization(Policies.Admin);

        api.MapGet("/", ListAsync).WithName("ListAccounts");
        api.MapPut("/{id:guid}/roles", SetRolesAsync).WithName("SetAccountRoles");
        api.MapPost("/{id:guid}/lock", LockAsync).WithName("LockAccount");
        api.MapPost("/{id:guid}/unlock", UnlockAsync).WithName("UnlockAccount");

        return app;
    }

    public static async Task<Results<Ok<AccountPage>, ValidationProblem>> ListAsync(
        [AsParameters] UsersAdminServices services, string? search, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [page < 1 ? "page" : "pageSize"] = [page < 1 ? "Pages start at 1." : $"Use 1 to {MaxPageSize} accounts a page."],
            });
        }

        var accounts = services.Db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePatterns.Containing(search);
            accounts = accounts.Where(u => EF.Functions.ILike(u.Email!, pattern, LikePatterns.Escape) || EF.Functions.ILike(u.DisplayName, pattern, LikePatterns.Escape));
        }

        var total = await accounts.CountAsync(cancellationToken);
        var users = await accounts.OrderBy(u => u.Email).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var ids = users.Select(u => u.Id).ToList();
        var roles = await services.Db.UserRoles
            .Where(ur => ids.Contains(ur.UserId))
            .Join(services.Db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);

        var now = services.Time.GetUtcNow();
        var items = users.Select(u => new AccountSummary(
            u.Id, u.Email ?? "", u.DisplayName,
            [.. roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order()],
            u.EmailConfirmed,
            u.LockoutEnd > now ? u.LockoutEnd : null,
            u.CreatedAt)).ToList();
        return TypedResults.Ok(new AccountPage(items, page, pageSize, total));
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        Guid id, SetRolesRequest request, ClaimsPrincipal caller, [AsParameters] UsersAdminServices services)
    {
        string[] known = [Roles.Customer, Roles.Admin];
        var wanted = (request.Roles ?? []).Select(r => r.Trim().ToLowerInvariant()).Distinct().ToList();
        if (wanted.Count == 0 || wanted.Except(known).Any())
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = [$"Give one or more of: {string.Join(", ", known)}."] });
        }
        if (await services.Users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return TypedResults.NotFound();
        }
        if (caller.FindFirstValue("sub") == id.ToString() && !wanted.Contains(Roles.Admin))
        {
            return TypedResults.Problem(title: "Admins cannot take the admin role from themselves.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var current = await services.Users.GetRolesAsync(user);
        await services.Users.RemoveFromRolesAsync(user, current.Except(wanted));
        await services.Users.AddToRolesAsync(user, wanted.Except(current));
        services.Audit.LogInformation("Admin {AdminId} set the roles of account {UserId} to {Roles}", caller.FindFirstValue("sub"), id, string.Join(",", wanted));
        // Roles travel in access tokens; the next token (at most 15 minutes away) carries the new set.
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> LockAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] UsersAdminServices services, CancellationToken cancellationToken)
    {
        if (await services.Users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return TypedResults.NotFound();
        }
        if (caller.FindFirstValue("sub") == id.ToString())
        {
            return TypedResults.Problem(title: "Admins cannot lock their own account.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        await services.Users.SetLockoutEnabledAsync(user, true);
        await services.Users.SetLockoutEndDateAsync(user, BychefizaUser.AdminLockEnd);
        await services.Sessions.EndAllAsync(user.Id, "locked", cancellationToken);
        services.Audit.LogInformation("Admin {AdminId} locked account {UserId}", caller.FindFirstValue("sub"), id);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, NotFound>> UnlockAsync(Guid id, ClaimsPrincipal caller, [AsParameters] UsersAdminServices services)
    {
        if (await services.Users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return TypedResults.NotFound();
        }

        await services.Users.SetLockoutEndDateAsync(user, null);
        await services.Users.ResetAccessFailedCountAsync(user);
        services.Audit.LogInformation("Admin {AdminId} unlocked account {UserId}", caller.FindFirstValue("sub"), id);
        return TypedResults.NoContent();
    }
}
