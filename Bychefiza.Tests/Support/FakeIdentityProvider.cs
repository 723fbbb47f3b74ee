using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bychefiza.Tests.Support;

/// <summary>
/// A stand-in for the providers the auth service cannot reach from here: an OpenID Connect provider
/// (discovery, JWKS, authorize, token with PKCE, userinfo; ES256 id tokens) and GitHub's OAuth and
/// REST endpoints, on loopback. Whoever <see cref="NextPerson"/> names signs in at the next authorize.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "bychefiza-tests";
    public const string ClientSecret = "not-a-real-secret";

    private readonly WebApplication _app;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly ConcurrentDictionary<string, Person> _accessTokens = new();

    private FakeIdentityProvider(WebApplication app) => _app = app;

    public sealed record Person(string Subject, string Email, bool EmailVerified, string Name);

    private sealed record Grant(Person Person, string RedirectUri, string? Nonce, string CodeChallenge);

    /// <summary>Who signs in next; null: the person cancels at the provider.</summary>
    public Person? NextPerson { get; set; }

    /// <summary>The <c>redirect_uri</c> of the last authorize request.</summary>
    public string? LastRedirectUri { get; private set; }

    public string Issuer { get; private set; } = "";

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var provider = new FakeIdentityProvider(LoopbackServer.Create());
        provider.Map();
        provider.Issuer = (await provider._app.StartOnLoopbackAsync()).GetLeftPart(UriPartial.Authority);
        return provider;
    }

    public static Person NewPerson(bool emailVerified = true) =>
        new($"{Random.Shared.NextInt64(1, long.MaxValue)}", Accounts.NewEmail(), emailVerified, "Pat External");

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{Issuer}/authorize",
            ["token_endpoint"] = $"{Issuer}/token",
            ["userinfo_endpoint"] = $"{Issuer}/userinfo",
            ["jwks_uri"] = $"{Issuer}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var point = _key.ExportParameters(false).Q;
            return Results.Json(new { keys = new[] { new { kty = "EC", crv = "P-256", x = Jwt.Base64Url(point.X!), y = Jwt.Base64Url(point.Y!), kid = "fake", use = "sig", alg = "ES256" } } });
        });
        _app.MapGet("/authorize", Authorize);
        _app.MapGet("/login/oauth/authorize", Authorize);
        _app.MapPost("/token", async (HttpRequest request) => await RedeemAsync(request) is var (grant, accessToken, error) && error is null
            ? Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = IdToken(grant!) })
            : Results.Json(new { error }, statusCode: 400));
        _app.MapPost("/login/oauth/access_token", async (HttpRequest request) => await RedeemAsync(request) is var (_, accessToken, error) && error is null
            ? Results.Json(new { access_token = accessToken, token_type = "bearer", scope = "read:user,user:email" })
            : Results.Json(new { error }, statusCode: 400));
        _app.MapGet("/userinfo", (HttpRequest request) => Bearer(request) is { } person
            ? Results.Json(new { sub = person.Subject, email = person.Email, email_verified = person.EmailVerified, name = person.Name })
            : Results.Unauthorized());
        _app.MapGet("/user", (HttpRequest request) => Bearer(request) is { } person
            ? Results.Json(new { id = long.Parse(person.Subject, System.Globalization.CultureInfo.InvariantCulture), login = "pat", name = person.Name })
            : Results.Unauthorized());
        _app.MapGet("/user/emails", (HttpRequest request) => Bearer(request) is { } person
            ? Results.Json(new object[]
            {
                new { email = $"old-{person.Email}", primary = false, verified = true },
                new { email = person.Email, primary = true, verified = person.EmailVerified },
            })
            : Results.Unauthorized());
    }

    private IResult Authorize(string client_id, string redirect_uri, string state, string? nonce, string code_challenge, string code_challenge_method)
    {
        LastRedirectUri = redirect_uri;
        if (client_id != ClientId || code_challenge_method != "S256")
        {
            return Results.BadRequest();
        }
        if (NextPerson is not { } person)
        {
            return Results.Redirect($"{redirect_uri}?error=access_denied&state={Uri.EscapeDataString(state)}");
        }

        var code = Jwt.Base64Url(RandomNumberGenerator.GetBytes(16));
        _codes[code] = new Grant(person, redirect_uri, nonce, code_challenge);
        return Results.Redirect($"{redirect_uri}?code={code}&state={Uri.EscapeDataString(state)}");
    }

    /// <summary>The code grant, checked as a provider would: client, single use, same redirect_uri, PKCE.</summary>
    private async Task<(Grant? Grant, string? AccessToken, string? Error)> RedeemAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return (null, null, "invalid_client");
        }
        if (!_codes.TryRemove(form["code"].ToString(), out var grant)
            || form["redirect_uri"] != grant.RedirectUri
            || Jwt.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.CodeChallenge)
        {
            return (null, null, "invalid_grant");
        }

        var accessToken = Jwt.Base64Url(RandomNumberGenerator.GetBytes(16));
        _accessTokens[accessToken] = grant.Person;
        return (grant, accessToken, null);
    }

    private string IdToken(Grant grant)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Jwt.Encode(
            new { alg = "ES256", typ = "JWT", kid = "fake" },
            new Dictionary<string, object?>
            {
                ["iss"] = Issuer, ["aud"] = ClientId, ["sub"] = grant.Person.Subject, ["nonce"] = grant.Nonce,
                ["iat"] = now, ["nbf"] = now, ["exp"] = now + 300,
                ["email"] = grant.Person.Email, ["email_verified"] = grant.Person.EmailVerified, ["name"] = grant.Person.Name,
            },
            Jwt.Es256(_key));
    }

    private Person? Bearer(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && _accessTokens.TryGetValue(header[7..], out var person) ? person : null;
}
