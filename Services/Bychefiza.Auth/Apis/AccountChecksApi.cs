using System.Security.Claims;
using Bychefiza.Auth.Model;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Apis;

/// <summary>
/// Checks other services ask of auth on the signed-in person's behalf, with the person's own token
/// (<c>/internal</c>: not routed by the gateway). The users service confirms an account deletion with it.
/// </summary>
public static class AccountChecksApi
{
    public static IEndpointRouteBuilder MapAccountChecksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/internal/accounts").WithTags("Account checks (internal)").RequireAuthorization(Policies.Customer)
            .ExcludeFromDescription();

        api.MapPost("/verify-password", VerifyPasswordAsync).WithName("VerifyPassword");

        return app;
    }

    /// <summary>204 when the password is the caller's; 422 when not (counting toward the lockout, as a sign-in would); 423 while locked out.</summary>
    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> VerifyPasswordAsync(
        VerifyPasswordRequest request, ClaimsPrincipal principal, UserManager<BychefizaUser> users)
    {
        if (string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(AuthValidation.Required(("password", request.Password)));
        }
        if (await users.FindByIdAsync(principal.FindFirstValue("sub") ?? "") is not { } user)
        {
            return TypedResults.Unauthorized();
        }
        if (await users.IsLockedOutAsync(user))
        {
            return TypedResults.Problem(title: "This account is locked.", statusCode: StatusCodes.Status423Locked);
        }
        if (!await users.CheckPasswordAsync(user, request.Password))
        {
            // A stolen access token must not make password guessing free.
            await users.AccessFailedAsync(user);
            return TypedResults.Problem(title: "The password is not correct.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        await users.ResetAccessFailedCountAsync(user);
        return TypedResults.NoContent();
    }
}
