using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

public static class AuthenticationExtensions
{
    /// <summary>
    /// Validates access tokens issued by the auth service against its published keys (JWKS, found
    /// through service discovery at <c>http://auth</c>), and registers the <c>customer</c> and
    /// <c>admin</c> policies. The auth service passes <paramref name="keys"/> to validate against its
    /// own key store instead of calling itself.
    /// </summary>
    public static IHostApplicationBuilder AddBychefizaAuthentication(
        this IHostApplicationBuilder builder,
        Func<IServiceProvider, IConfigurationManager<OpenIdConnectConfiguration>>? keys = null)
    {
        // A token with an unknown kid is refused and starts a fetch of the published keys (at most one
        // per RefreshInterval). Since IdentityModel 8.0.2 that fetch runs in the background and later
        // requests with the new key could still be refused; blocking makes the next validation wait for it.
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);

        var settings = builder.Configuration.GetSection(TokenSettings.Section).Get<TokenSettings>() ?? new TokenSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddHttpClient(TokenSettings.Section);

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, services) =>
            {
                // Claim names stay as issued (sub, role), not mapped to WS-Federation URIs (RFC 8725 §3.11).
                // Set on the handler: the options' MapInboundClaims reaches only the default handlers this replaces.
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberedTokens(services.GetService<TimeProvider>() ?? TimeProvider.System) { MapInboundClaims = false });
                options.TokenValidationParameters = settings.ValidationParameters();
                options.ConfigurationManager = keys?.Invoke(services) ?? new ConfigurationManager<OpenIdConnectConfiguration>(
                    $"{settings.Authority.TrimEnd('/')}/.well-known/openid-configuration",
                    new OpenIdConnectConfigurationRetriever(),
                    new HttpDocumentRetriever(services.GetRequiredService<IHttpClientFactory>().CreateClient(TokenSettings.Section))
                    {
                        RequireHttps = settings.Authority.StartsWith("https", StringComparison.OrdinalIgnoreCase),
                    })
                {
                    // A revoked key stops being trusted within five minutes; a token with an unknown
                    // kid makes it look again, at most every 30 s (auth pre-publishes new keys for 10 minutes).
                    AutomaticRefreshInterval = TimeSpan.FromMinutes(5),
                    RefreshInterval = TimeSpan.FromSeconds(30),
                    // Not the last-known-good keys either: they would keep a revoked key trusted for an hour.
                    // A failed fetch already leaves the current keys in place.
                    UseLastKnownGoodConfiguration = false,
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Customer, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Customer, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        return builder;
    }
}

/// <summary>The <c>Auth</c> section: who issues access tokens, for whom, and where its keys are published.</summary>
public sealed class TokenSettings
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "bychefiza-auth";

    public string Audience { get; set; } = "bychefiza-api";

    /// <summary>Where the issuer's openid-configuration lives; an Aspire service name by default.</summary>
    public string Authority { get; set; } = "http://auth";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public const string TokenType = "at+jwt";

    /// <summary>RFC 8725: pin the algorithm and the token type, check issuer, audience and lifetime.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
        ValidTypes = [TokenType],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "sub",
        RoleClaimType = "role",
    };
}
