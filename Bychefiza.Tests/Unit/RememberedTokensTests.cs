using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.Tests.Support;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bychefiza.Tests.Unit;

/// <summary>A service checks a token's signature once; after that only its expiry and its key's standing decide.</summary>
public sealed class RememberedTokensTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsaSecurityKey _key;
    private readonly CountingCryptoProviders _verifications = new();
    private readonly PublishedKeys _published = new();
    private readonly TokenSettings _settings = new();

    public RememberedTokensTests()
    {
        _key = new ECDsaSecurityKey(_signer) { KeyId = "key-1", CryptoProviderFactory = _verifications };
        _published.Publish(_key);
    }

    /// <summary>The auth service's JWKS as a service's configuration manager holds it.</summary>
    private sealed class PublishedKeys : BaseConfigurationManager
    {
        private OpenIdConnectConfiguration _current = new();

        public PublishedKeys() => UseLastKnownGoodConfiguration = false;

        public void Publish(params SecurityKey[] keys)
        {
            var configuration = new OpenIdConnectConfiguration();
            foreach (var key in keys)
            {
                configuration.SigningKeys.Add(key);
            }
            _current = configuration;
        }

        public override Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) => Task.FromResult<BaseConfiguration>(_current);

        public override void RequestRefresh()
        {
        }
    }

    /// <summary>Counts how often a signature is about to be checked.</summary>
    private sealed class CountingCryptoProviders : CryptoProviderFactory
    {
        public int Verifications { get; private set; }

        public override SignatureProvider CreateForVerifying(SecurityKey key, string algorithm)
        {
            Verifications++;
            return base.CreateForVerifying(key, algorithm);
        }
    }

    [Fact]
    public async Task A_token_presented_again_is_accepted_without_checking_its_signature_again()
    {
        var handler = Handler();
        var token = Issue("customer-1");

        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid, first.Exception?.Message);
        Assert.True(second.IsValid, second.Exception?.Message);
        Assert.Equal(1, _verifications.Verifications);
        Assert.Equal("customer-1", second.ClaimsIdentity.FindFirst("sub")?.Value);
        Assert.True(new ClaimsPrincipal(second.ClaimsIdentity).IsInRole("customer"));
    }

    [Fact]
    public async Task Each_request_gets_its_own_identity()
    {
        var handler = Handler();
        var token = Issue("customer-1");
        var first = await handler.ValidateTokenAsync(token, Parameters());
        var second = await handler.ValidateTokenAsync(token, Parameters());
        second.ClaimsIdentity.AddClaim(new Claim("role", "admin"));

        var third = await handler.ValidateTokenAsync(token, Parameters());

        Assert.Equal(1, _verifications.Verifications);
        Assert.NotSame(second.ClaimsIdentity, third.ClaimsIdentity);
        Assert.False(new ClaimsPrincipal(third.ClaimsIdentity).IsInRole("admin"));
        // The same kind of identity as the full check gives: claim types match case-sensitively.
        Assert.Equal(first.ClaimsIdentity.GetType(), third.ClaimsIdentity.GetType());
        Assert.Null(third.ClaimsIdentity.FindFirst("SUB"));
    }

    [Fact]
    public async Task A_remembered_token_is_checked_in_full_again_once_it_expires()
    {
        // The full check is what refuses an expired token (TokenValidationTests sends one through the graph).
        var handler = Handler();
        var token = Issue("customer-1");
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        _time.Advance(_settings.AccessTokenLifetime);
        await handler.ValidateTokenAsync(token, Parameters());

        Assert.Equal(2, _verifications.Verifications);
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_key_is_no_longer_published()
    {
        var handler = Handler();
        var token = Issue("customer-1");
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);

        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _published.Publish(new ECDsaSecurityKey(next) { KeyId = "key-2" });

        Assert.False((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task A_changed_copy_of_a_remembered_token_is_refused()
    {
        var handler = Handler();
        var token = Issue("customer-1");
        Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"customer\"", "\"admin\"");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var result = await handler.ValidateTokenAsync(tampered, Parameters());

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidSignatureException>(result.Exception);
    }

    [Fact]
    public async Task Past_its_capacity_a_validator_forgets_the_tokens_closest_to_expiring()
    {
        var handler = Handler();
        // Each token issued lives a second less than the one before: the oldest are the last to expire.
        var tokens = Enumerable.Range(0, RememberedTokens.Capacity + 1)
            .Select(i => Issue($"customer-{i}", lifetime: TimeSpan.FromHours(2) - TimeSpan.FromSeconds(i))).ToList();
        foreach (var token in tokens)
        {
            Assert.True((await handler.ValidateTokenAsync(token, Parameters())).IsValid);
        }
        var checkedSoFar = _verifications.Verifications;

        await handler.ValidateTokenAsync(tokens[0], Parameters());
        Assert.Equal(checkedSoFar, _verifications.Verifications);
        await handler.ValidateTokenAsync(tokens[^2], Parameters());
        Assert.Equal(checkedSoFar + 1, _verifications.Verifications);
    }

    [Fact]
    public async Task Tokens_checked_against_keys_given_directly_are_checked_every_time()
    {
        // The auth service validates against its own key store, which revokes a key at once.
        var handler = Handler();
        var token = Issue("customer-1");
        var direct = Parameters();
        direct.ConfigurationManager = null;
        direct.IssuerSigningKeys = [_key];

        Assert.True((await handler.ValidateTokenAsync(token, direct)).IsValid);
        Assert.True((await handler.ValidateTokenAsync(token, direct)).IsValid);

        Assert.Equal(2, _verifications.Verifications);
    }

    [Fact]
    public async Task A_service_stops_trusting_a_key_as_soon_as_its_issuer_no_longer_publishes_it()
    {
        // The services' own set-up, against an issuer on loopback whose JWKS this test controls.
        var jwks = new[] { _key };
        await using var issuer = LoopbackServer.Create();
        issuer.MapGet("/.well-known/openid-configuration", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _settings.Issuer,
            ["jwks_uri"] = $"http://{context.Request.Host}/.well-known/jwks.json",
        }));
        issuer.MapGet("/.well-known/jwks.json", () => Results.Json(new { keys = jwks.Select(PublicJwk) }));
        var address = await issuer.StartOnLoopbackAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Auth:Authority"] = address.ToString();
        builder.AddBychefizaAuthentication();
        using var service = builder.Build();
        var options = service.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var handler = Assert.IsType<RememberedTokens>(Assert.Single(options.TokenHandlers));
        var token = Issue("customer-1");
        Assert.True((await handler.ValidateTokenAsync(token, AsJwtBearerDoes(options))).IsValid);

        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        jwks = [new ECDsaSecurityKey(next) { KeyId = "key-2" }];
        // As when a token with an unknown kid arrives; the manager fetches in the background.
        var keys = (BaseConfigurationManager)options.ConfigurationManager!;
        keys.RequestRefresh();
        await Poll.UntilAsync(
            () => keys.GetBaseConfigurationAsync(TestContext.Current.CancellationToken), configuration => configuration.SigningKeys.Any(k => k.KeyId == "key-2"),
            TimeSpan.FromSeconds(10), "the service fetching the issuer's new keys");

        var refused = await handler.ValidateTokenAsync(token, AsJwtBearerDoes(options));

        Assert.False(refused.IsValid);
        Assert.IsType<SecurityTokenSignatureKeyNotFoundException>(refused.Exception);
    }

    /// <summary>What <c>JwtBearerHandler</c> hands the token handler for each request.</summary>
    private static TokenValidationParameters AsJwtBearerDoes(JwtBearerOptions options)
    {
        var parameters = options.TokenValidationParameters.Clone();
        parameters.ConfigurationManager = (BaseConfigurationManager)options.ConfigurationManager!;
        return parameters;
    }

    private static object PublicJwk(ECDsaSecurityKey key)
    {
        var point = key.ECDsa.ExportParameters(includePrivateParameters: false).Q;
        return new { kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(point.X), y = Base64UrlEncoder.Encode(point.Y), kid = key.KeyId, use = "sig", alg = "ES256" };
    }

    /// <summary>As the services set it up: claim names as issued.</summary>
    private RememberedTokens Handler() => new(_time) { MapInboundClaims = false };

    private TokenValidationParameters Parameters()
    {
        var parameters = _settings.ValidationParameters();
        parameters.ConfigurationManager = _published;
        return parameters;
    }

    private string Issue(string subject, TimeSpan? lifetime = null)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _settings.Issuer,
            Audience = _settings.Audience,
            TokenType = TokenSettings.TokenType,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? _settings.AccessTokenLifetime),
            Claims = new Dictionary<string, object> { ["sub"] = subject, ["role"] = "customer" },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_signer) { KeyId = _key.KeyId }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    public void Dispose() => _signer.Dispose();
}
