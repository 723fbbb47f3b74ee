using System.Security.Claims;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.Users.Data;
using Bychefiza.Users.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Apis;

/// <summary>
/// The signed-in shopper's cart, kept on the account so that it follows them from device to device;
/// the SPA merges the cart a guest filled into it on sign-in.
/// </summary>
public static class CartApi
{
    public static IEndpointRouteBuilder MapCartApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users/me/cart").WithTags("Cart").RequireAuthorization(Policies.Customer);

        api.MapGet("/", GetAsync).WithName("GetMyCart");
        api.MapPut("/", ReplaceAsync).WithName("ReplaceMyCart");
        api.MapPost("/merge", MergeAsync).WithName("MergeIntoMyCart");
        api.MapDelete("/", ClearAsync).WithName("ClearMyCart");

        return app;
    }

    public static async Task<Ok<CartView>> GetAsync(ClaimsPrincipal caller, UsersDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await ViewAsync(db, caller.UserId() ?? Guid.Empty, cancellationToken));

    /// <summary>Replaces the whole cart: the SPA sends it after every change, so the last change wins.</summary>
    public static Task<Results<Ok<CartView>, NotFound, ValidationProblem, ProblemHttpResult>> ReplaceAsync(
        CartRequest request, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken) =>
        ChangeAsync(request, caller, services, (_, lines) => lines, cancellationToken);

    public static Task<Results<Ok<CartView>, NotFound, ValidationProblem, ProblemHttpResult>> MergeAsync(
        CartRequest request, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken) =>
        ChangeAsync(request, caller, services, Cart.Merge, cancellationToken);

    public static async Task<NoContent> ClearAsync(ClaimsPrincipal caller, UsersDbContext db, CancellationToken cancellationToken)
    {
        var userId = caller.UserId() ?? Guid.Empty;
        await db.CartLines.Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<CartView>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        CartRequest request, ClaimsPrincipal caller, ProfileServices services,
        Func<IEnumerable<(Guid ProductId, int Quantity)>, IReadOnlyList<(Guid ProductId, int Quantity)>, IReadOnlyList<(Guid ProductId, int Quantity)>> combine,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var incoming = request.Lines!.Select(l => (l!.ProductId!.Value, l.Quantity!.Value)).ToList();
        var userId = caller.UserId() ?? Guid.Empty;
        var db = services.Db;

        var saved = await db.InTransactionAsync(async ct =>
        {
            // The profile row is the cart's lock: two tabs saving at once take turns rather than interleave.
            var locked = await db.Profiles.FromSql($"""SELECT * FROM "Profiles" WHERE "Id" = {userId} FOR UPDATE""").AnyAsync(ct);
            if (!locked)
            {
                return (Found: false, Fits: true);
            }
            var current = await db.CartLines.Where(l => l.UserId == userId).OrderBy(l => l.UpdatedAt).ThenBy(l => l.ProductId).ToListAsync(ct);
            var lines = combine(current.Select(l => (l.ProductId, l.Quantity)), incoming);
            if (lines.Count > Cart.MaxLines)
            {
                return (Found: true, Fits: false);
            }

            db.CartLines.RemoveRange(current);
            var now = services.Time.GetUtcNow();
            // Ticks apart, so that reading back by time gives the products in the cart's own order.
            db.CartLines.AddRange(lines.Select((line, i) =>
                new CartLine { UserId = userId, ProductId = line.ProductId, Quantity = line.Quantity, UpdatedAt = now.AddTicks(i * 10) }));
            await db.SaveChangesAsync(ct);
            return (Found: true, Fits: true);
        }, cancellationToken);

        return saved switch
        {
            { Found: false } => TypedResults.NotFound(),
            { Fits: false } => TypedResults.Problem(title: $"A cart holds at most {Cart.MaxLines} products.", statusCode: StatusCodes.Status422UnprocessableEntity),
            _ => TypedResults.Ok(await ViewAsync(db, userId, cancellationToken)),
        };
    }

    private static async Task<CartView> ViewAsync(UsersDbContext db, Guid userId, CancellationToken cancellationToken) =>
        new(await db.CartLines.AsNoTracking()
            .Where(l => l.UserId == userId)
            .OrderBy(l => l.UpdatedAt).ThenBy(l => l.ProductId)
            .Select(l => new CartLineView(l.ProductId, l.Quantity))
            .ToListAsync(cancellationToken));

    private static Dictionary<string, string[]> Validate(CartRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Lines is null)
        {
            errors["lines"] = ["Give the cart's lines, an empty list for an empty cart."];
            return errors;
        }
        if (request.Lines.Count > Cart.MaxLines)
        {
            errors["lines"] = [$"A cart holds at most {Cart.MaxLines} products."];
            return errors;
        }
        var seen = new HashSet<Guid>();
        for (var i = 0; i < request.Lines.Count; i++)
        {
            var line = request.Lines[i];
            if (line?.ProductId is not { } productId || productId == Guid.Empty)
            {
                errors[$"lines[{i}].productId"] = ["Give the product's id."];
            }
            else if (!seen.Add(productId))
            {
                errors[$"lines[{i}].productId"] = ["Give each product once, with its whole quantity."];
            }
            if (line?.Quantity is not (>= 1 and <= Cart.MaxQuantity))
            {
                errors[$"lines[{i}].quantity"] = [$"Give a quantity from 1 to {Cart.MaxQuantity}."];
            }
        }
        return errors;
    }
}
