using System.Security.Claims;
using System.Security.Cryptography;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.Users.Data;
using Bychefiza.Users.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Bychefiza.Users.Apis;

/// <summary>
/// Profile pictures: uploaded by their owner as multipart form data, read by anyone who has the user's
/// id (they show next to reviews and in the shop's header), revalidated by ETag.
/// </summary>
public static class AvatarsApi
{
    private const string CacheControl = "public, max-age=300";

    public static IEndpointRouteBuilder MapAvatarsApi(this IEndpointRouteBuilder app)
    {
        var mine = app.MapGroup("/api/users/me/avatar").WithTags("Avatars").RequireAuthorization(Policies.Customer);
        // A bearer-token API with no cookies has nothing for a cross-site form to ride on.
        mine.MapPut("/", UploadAsync).WithName("UploadMyAvatar").DisableAntiforgery();
        mine.MapDelete("/", DeleteAsync).WithName("DeleteMyAvatar");

        app.MapGet("/api/users/{id:guid}/avatar", GetAsync).WithTags("Avatars").WithName("GetAvatar").AllowAnonymous();

        return app;
    }

    public static async Task<Results<NoContent, NotFound, ValidationProblem, ProblemHttpResult>> UploadAsync(
        IFormFile? file, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send the picture as the form field 'file'."] });
        }
        if (file.Length > Avatar.MaxBytes)
        {
            return TypedResults.Problem(
                title: "The picture is too large.", detail: $"Send at most {Avatar.MaxBytes / (1024 * 1024)} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var userId = caller.UserId();
        if (!await services.Db.Profiles.AnyAsync(p => p.Id == userId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        // The bytes decide, not the file name or the Content-Type the client claims.
        if (ImageFormat.Detect(content) is not { } contentType)
        {
            return TypedResults.Problem(
                title: "This is not a PNG, JPEG or WebP picture.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var avatar = await services.Db.Avatars.FirstOrDefaultAsync(a => a.UserId == userId, cancellationToken);
        if (avatar is null)
        {
            avatar = new Avatar { UserId = userId!.Value };
            services.Db.Avatars.Add(avatar);
        }
        avatar.Content = content;
        avatar.ContentType = contentType;
        avatar.ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"";
        avatar.UpdatedAt = services.Time.GetUtcNow();
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, NotFound>> GetAsync(
        Guid id, HttpContext context, UsersDbContext db, CancellationToken cancellationToken)
    {
        var found = await db.Avatars.AsNoTracking().Where(a => a.UserId == id).Select(a => new { a.ETag, a.ContentType }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ETag = found.ETag;
        headers.CacheControl = CacheControl;
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == found.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        // Deleted between the two reads: as if it had never been there.
        var content = await db.Avatars.Where(a => a.UserId == id).Select(a => a.Content).FirstOrDefaultAsync(cancellationToken);
        return content is null ? TypedResults.NotFound() : TypedResults.File(content, found.ContentType);
    }

    public static async Task<NoContent> DeleteAsync(ClaimsPrincipal caller, UsersDbContext db, CancellationToken cancellationToken)
    {
        await db.Avatars.Where(a => a.UserId == caller.UserId()).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
