using System.Net;
using Bychefiza.Auth.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Bychefiza.Auth.External;

/// <summary>
/// Sign-in at Google, GitHub or any OpenID Connect provider, each enabled by its <c>Auth:External:{name}</c>
/// section. The provider's answer never becomes a cookie session here: the account is found, linked or
/// created, and the browser goes back to the shop with a one-time code that buys the usual token pair.
/// </summary>
public static class ExternalSignInExtensions
{
    public const string ReturnUrlKey = "returnUrl";

    // A remote handler must name a sign-in scheme; the tickets are handled before it would be used.
    private const string UnusedSignInScheme = "external-unused";

    public static IHostApplicationBuilder AddExternalSignIn(this IHostApplicationBuilder builder)
    {
        var providers = ExternalProvider.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(providers);
        builder.Services.AddScoped<ExternalAccounts>();
        if (providers.Count == 0)
        {
            return builder;
        }

        // The provider sends the browser back to the public (gateway) address; the gateway says which in X-Forwarded-*.
        // Trusting them from any peer is safe here: a forged host only yields a redirect_uri the provider has not registered.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });

        var authentication = builder.Services.AddAuthentication().AddCookie(UnusedSignInScheme);
        foreach (var provider in providers)
        {
            if (provider.Kind == ExternalProviderKind.GitHub)
            {
                authentication.AddOAuth(provider.Scheme, provider.DisplayName, options => ConfigureGitHub(options, provider));
            }
            else
            {
                authentication.AddOpenIdConnect(provider.Scheme, provider.DisplayName, options => ConfigureOpenIdConnect(options, provider));
            }
        }
        return builder;
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions options, ExternalProvider provider)
    {
        options.Authority = provider.Kind == ExternalProviderKind.Google ? "https://accounts.google.com" : provider.Options.Authority;
        options.RequireHttpsMetadata = !IsLoopback(options.Authority!);
        options.ClientId = provider.Options.ClientId;
        options.ClientSecret = provider.Options.ClientSecret;
        options.ResponseType = "code";
        // A plain redirect back, so the correlation cookies can stay SameSite=Lax.
        options.ResponseMode = "query";
        options.UsePkce = true;
        options.Scope.Add("email");
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.SaveTokens = false;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        Configure(options, provider);
    }

    private static void ConfigureGitHub(Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions options, ExternalProvider provider)
    {
        var web = provider.Options.GitHubWebUrl.TrimEnd('/');
        options.AuthorizationEndpoint = $"{web}/login/oauth/authorize";
        options.TokenEndpoint = $"{web}/login/oauth/access_token";
        options.ClientId = provider.Options.ClientId!;
        options.ClientSecret = provider.Options.ClientSecret!;
        options.UsePkce = true;
        options.Scope.Add("read:user");
        options.Scope.Add("user:email");
        options.Events.OnCreatingTicket = context => GitHubIdentity.AddClaimsAsync(context, provider.Options.GitHubApiUrl);
        Configure(options, provider);
    }

    private static void Configure(RemoteAuthenticationOptions options, ExternalProvider provider)
    {
        options.CallbackPath = provider.CallbackPath;
        options.SignInScheme = UnusedSignInScheme;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnTicketReceived = context => CompleteAsync(context, provider);
        options.Events.OnRemoteFailure = context => FailAsync(context, provider);
    }

    private static async Task CompleteAsync(TicketReceivedContext context, ExternalProvider provider)
    {
        var identity = ExternalIdentity.From(provider.Name, context.Principal!);
        var accounts = context.HttpContext.RequestServices.GetRequiredService<ExternalAccounts>();
        var outcome = await accounts.SignInAsync(identity, context.HttpContext.RequestAborted);

        var returnUrl = context.Properties?.Items.TryGetValue(ReturnUrlKey, out var url) == true && url is not null ? url : "/";
        BackToTheShop(context.HttpContext, outcome.Code is { } code
            ? $"code={Uri.EscapeDataString(code)}&returnUrl={Uri.EscapeDataString(returnUrl)}"
            : $"error={outcome.Error}");
        context.HandleResponse();
    }

    private static Task FailAsync(RemoteFailureContext context, ExternalProvider provider)
    {
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignInExtensions))
            .LogWarning("External sign-in at {Provider} failed: {Reason}", provider.Name, context.Failure?.Message);
        BackToTheShop(context.HttpContext, "error=provider_failed");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    /// <summary>The outcome rides in the fragment, which browsers never send to a server or write to its logs.</summary>
    private static void BackToTheShop(HttpContext context, string fragment)
    {
        var web = context.RequestServices.GetRequiredService<IOptions<WebLinkOptions>>().Value;
        context.Response.Redirect(web.Link($"signin/external#{fragment}"));
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}
