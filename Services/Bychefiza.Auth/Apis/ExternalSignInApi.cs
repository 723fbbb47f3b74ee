using Bychefiza.Auth.External;
using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Apis;

public sealed record ExternalProviderSummary(string Name, string DisplayName, string SignInUrl);

public sealed record ExchangeCodeRequest(string? Code);

public sealed record ExternalSignInServices(UserManager<BychefizaUser> Users, AccountTokens Tokens, Sessions Sessions);

/// <summary>
/// Sign-in through external providers. Only configured providers have routes; with none, only the
/// (empty) list answers, so the shop knows to show no buttons.
/// </summary>
public static class ExternalSignInApi
{
    public static IEndpointRouteBuilder MapExternalSignInApi(this IEndpointRouteBuilder app)
    {
        var providers = app.ServiceProvider.GetRequiredService<IReadOnlyList<ExternalProvider>>();
        var api = app.MapGroup("/api/auth/external").WithTags("External sign-in").AllowAnonymous();

        api.MapGet("/providers", ListProviders).WithName("ListExternalProviders");
        if (providers.Count == 0)
        {
            return app;
        }

        foreach (var provider in providers)
        {
            api.MapGet($"/{provider.Name}", (string? returnUrl) => Start(provider, returnUrl)).WithName($"StartExternalSignIn-{provider.Name}");
        }
        api.MapPost("/exchange", ExchangeAsync).WithName("ExchangeExternalSignInCode");
        return app;
    }

    public static Ok<IReadOnlyList<ExternalProviderSummary>> ListProviders(IReadOnlyList<ExternalProvider> providers) =>
        TypedResults.Ok<IReadOnlyList<ExternalProviderSummary>>([.. providers.Select(p => new ExternalProviderSummary(p.Name, p.DisplayName, $"/api/auth/external/{p.Name}"))]);

    /// <summary>Sends the browser to the provider; it comes back to the shop at <paramref name="returnUrl"/>, a path of the shop.</summary>
    public static Results<ChallengeHttpResult, ValidationProblem> Start(ExternalProvider provider, string? returnUrl)
    {
        returnUrl = string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl;
        if (!IsLocalPath(returnUrl))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["returnUrl"] = ["Give a path of the shop, such as /orders."] });
        }
        var properties = new AuthenticationProperties { Items = { [ExternalSignInExtensions.ReturnUrlKey] = returnUrl } };
        return TypedResults.Challenge(properties, [provider.Scheme]);
    }

    public static async Task<Results<Ok<TokenPair>, ValidationProblem>> ExchangeAsync(
        ExchangeCodeRequest request, [AsParameters] ExternalSignInServices services, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return TypedResults.ValidationProblem(AuthValidation.Required(("code", request.Code)));
        }
        if (await services.Tokens.UseAsync(request.Code, AccountTokenPurpose.ExternalSignIn, cancellationToken) is not { } userId
            || await services.Users.FindByIdAsync(userId.ToString()) is not { } user
            || user.LockedByAdmin)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["This sign-in code was used already, has expired, or is not valid."] });
        }
        return TypedResults.Ok(await services.Sessions.StartAsync(user, cancellationToken));
    }

    /// <summary>A path on this site: not an absolute URL, not protocol-relative (<c>//evil</c>, <c>/\evil</c>).</summary>
    internal static bool IsLocalPath(string url) =>
        url.StartsWith('/') && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
