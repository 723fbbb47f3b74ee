using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.Users.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Apis;

/// <summary>Profiles as admins find them: search over name and email, and one profile by id.</summary>
public static class UsersAdminApi
{
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapUsersAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Profiles (admin)").RequireAuthorization(Policies.Admin);

        api.MapGet("/", SearchAsync).WithName("SearchProfiles");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetProfile");

        return app;
    }

    public static async Task<Results<Ok<ProfilePage>, ValidationProblem>> SearchAsync(
        UsersDbContext db, string? search, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [page < 1 ? "page" : "pageSize"] = [page < 1 ? "Pages start at 1." : $"Use 1 to {MaxPageSize} profiles a page."],
            });
        }

        var profiles = db.Profiles.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePatterns.Containing(search);
            profiles = profiles.Where(p => EF.Functions.ILike(p.Email, pattern, LikePatterns.Escape) || EF.Functions.ILike(p.DisplayName, pattern, LikePatterns.Escape));
        }

        var total = await profiles.CountAsync(cancellationToken);
        var items = await profiles.OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(p => new ProfileSummary(p.Id, p.Email, p.DisplayName, p.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ProfilePage(items, page, pageSize, total));
    }

    public static async Task<Results<Ok<ProfileView>, NotFound>> GetAsync(Guid id, UsersDbContext db, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return profile is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(ProfileView.Of(profile, await db.Avatars.AnyAsync(a => a.UserId == id, cancellationToken)));
    }
}
