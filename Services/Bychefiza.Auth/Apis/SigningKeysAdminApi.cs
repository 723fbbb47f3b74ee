using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bychefiza.Auth.Apis;

public sealed record SigningKeySummary(
    string KeyId, string Status, bool Published, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, DateTimeOffset RetiresAt, DateTimeOffset? RevokedAt);

public sealed record RotateKeysRequest(bool RevokeCurrent = false);

/// <summary>The access-token signing keys as admins see and rotate them; private halves never leave authdb.</summary>
public static class SigningKeysAdminApi
{
    public static IEndpointRouteBuilder MapSigningKeysAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth/keys").WithTags("Signing keys (admin)").RequireAuthorization(Policies.Admin);

        api.MapGet("/", ListAsync).WithName("ListSigningKeys");
        api.MapPost("/rotate", RotateAsync).WithName("RotateSigningKeys");

        return app;
    }

    public static async Task<Ok<IReadOnlyList<SigningKeySummary>>> ListAsync(
        SigningKeyRotation rotation, TimeProvider time, TokenSettings settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = await rotation.ListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SigningKeySummary>>([.. keys.Select(k => Summary(k, now, settings))]);
    }

    /// <summary>
    /// Without <c>revokeCurrent</c>: a new key is published now and signs after the publish lead; no one
    /// is signed out. With it (a leaked key): the new key signs now and every token signed before stops working.
    /// </summary>
    public static async Task<Created<SigningKeySummary>> RotateAsync(
        RotateKeysRequest? request, SigningKeyRotation rotation, TimeProvider time, TokenSettings settings,
        ILogger<SigningKeyRotation> logger, CancellationToken cancellationToken)
    {
        var revoke = request?.RevokeCurrent ?? false;
        var key = await rotation.RotateAsync(revoke, cancellationToken);
        logger.LogWarning("Signing keys rotated by an admin ({Mode}); new key {KeyId} signs from {ActivatesAt:O}",
            revoke ? "revoking the old keys" : "scheduled", key.Id, key.ActivatesAt);
        return TypedResults.Created($"/api/auth/keys", Summary(key, time.GetUtcNow(), settings));
    }

    private static SigningKeySummary Summary(SigningKey key, DateTimeOffset now, TokenSettings settings) => new(
        key.Id,
        key.RevokedAt is not null ? "revoked" : key.SignsAt(now) ? "signing" : now < key.ActivatesAt ? "pending" : "retired",
        key.PublishedAt(now, settings.AccessTokenLifetime),
        key.CreatedAt, key.ActivatesAt, key.RetiresAt, key.RevokedAt);
}
