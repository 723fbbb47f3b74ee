using Microsoft.AspNetCore.Authentication;

namespace Bychefiza.Gateway.Extensions;

internal static class BearerTokenGate
{
    /// <summary>
    /// A request that carries a token the gateway cannot validate stops here with 401, on every
    /// route, public ones included: a forged or expired token never reaches a service. Requests
    /// without a token go on, and the route's policy decides.
    /// </summary>
    public static IApplicationBuilder RejectInvalidBearerTokens(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.Count > 0)
            {
                var result = await context.AuthenticateAsync();
                if (!result.Succeeded)
                {
                    await Results.Problem(title: "The access token is not valid.", statusCode: StatusCodes.Status401Unauthorized)
                        .ExecuteAsync(context);
                    return;
                }
            }
            await next(context);
        });
}
