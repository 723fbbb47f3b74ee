using System.Text.Json.Serialization;
using Bychefiza.Auth.Tokens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace Bychefiza.Auth.Apis;

public sealed record JsonWebKeySet(IReadOnlyList<PublicJsonWebKey> Keys);

/// <summary>The public half of a signing key, as RFC 7517 and 7518 §6.2 write an EC key.</summary>
public sealed record PublicJsonWebKey(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);

/// <summary>The discovery document's fields a token validator reads (OpenID Connect Discovery 1.0 §3).</summary>
public sealed record OpenIdConfiguration(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported);

public static class WellKnownApi
{
    /// <summary>Where every service (and the gateway) finds the keys that verify access tokens.</summary>
    public static IEndpointRouteBuilder MapWellKnownApi(this IEndpointRouteBuilder app)
    {
        var wellKnown = app.MapGroup("/.well-known").WithTags("Keys").AllowAnonymous();
        wellKnown.MapGet("/jwks.json", GetKeysAsync).WithName("GetSigningKeys");
        wellKnown.MapGet("/openid-configuration", GetConfiguration).WithName("GetOpenIdConfiguration");
        return app;
    }

    public static async Task<Ok<JsonWebKeySet>> GetKeysAsync(SigningKeyStore keys, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        var published = await keys.PublishedKeysAsync(cancellationToken);
        return TypedResults.Ok(new JsonWebKeySet([.. published.Select(ToPublicKey)]));
    }

    public static Ok<OpenIdConfiguration> GetConfiguration(TokenSettings settings, HttpContext context) =>
        TypedResults.Ok(new OpenIdConfiguration(
            settings.Issuer,
            $"{context.Request.Scheme}://{context.Request.Host}/.well-known/jwks.json",
            [SecurityAlgorithms.EcdsaSha256]));

    private static PublicJsonWebKey ToPublicKey(ECDsaSecurityKey key)
    {
        var parameters = key.ECDsa.ExportParameters(includePrivateParameters: false);
        return new PublicJsonWebKey("EC", "P-256", Base64UrlEncoder.Encode(parameters.Q.X), Base64UrlEncoder.Encode(parameters.Q.Y), key.KeyId, "sig", SecurityAlgorithms.EcdsaSha256);
    }
}
