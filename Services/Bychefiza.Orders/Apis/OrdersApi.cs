using System.Net.Http.Headers;
using System.Security.Claims;
using Bychefiza.Orders.Checkout;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Apis;

public sealed record OrderServices(OrdersDbContext Db, OrderPlacement Placement, OrderChanges Changes, ILogger<OrderServices> Log);

/// <summary>A shopper's own orders: place, list, read, cancel. Anyone else's order does not exist for them.</summary>
public static class OrdersApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization(Policies.Customer);

        api.MapPost("/", PlaceAsync).WithName("PlaceOrder");
        api.MapGet("/", ListMineAsync).WithName("ListMyOrders");
        api.MapGet("/{id:guid}", GetMineAsync).WithName("GetMyOrder");
        api.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelMyOrder");

        return app;
    }

    public static async Task<Results<Created<PlacedOrder>, ValidationProblem, ProblemHttpResult>> PlaceAsync(
        PlaceOrderRequest request,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ClaimsPrincipal caller,
        HttpContext context,
        [AsParameters] OrderServices services,
        CancellationToken cancellationToken)
    {
        var errors = OrderValidation.Place(request, idempotencyKey);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        // The catalog reserves on the shopper's behalf, with the shopper's own token.
        if (caller.UserId() is not { } customerId || !AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var token))
        {
            return TypedResults.Problem(title: "Sign in to place an order.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var outcome = await services.Placement.PlaceAsync(customerId, idempotencyKey!, request, token, cancellationToken);
        switch (outcome)
        {
            case PlaceOutcome.Placed placed:
                if (placed.Replayed)
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                }
                return TypedResults.Created($"/api/orders/{placed.Order.Id}", PlacedOrder.Of(placed.Order));
            case PlaceOutcome.Short shortOf:
                return TypedResults.Problem(
                    title: "Not enough stock for this order; nothing was reserved.",
                    statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["shortfalls"] = shortOf.Shortfalls });
            case PlaceOutcome.Refused refused:
                return TypedResults.Problem(title: refused.Reason, statusCode: StatusCodes.Status409Conflict);
            case PlaceOutcome.KeyReused:
                return TypedResults.Problem(
                    title: "This Idempotency-Key was used with a different request; use a new key for a new order.",
                    statusCode: StatusCodes.Status422UnprocessableEntity);
            case PlaceOutcome.KeyInFlight:
                return TypedResults.Problem(
                    title: "A request with this Idempotency-Key is still being processed; retry shortly.",
                    statusCode: StatusCodes.Status409Conflict);
            default:
                throw new InvalidOperationException($"Unhandled outcome {outcome.GetType().Name}.");
        }
    }

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> ListMineAsync(
        [AsParameters] PageQuery query, ClaimsPrincipal caller, [AsParameters] OrderServices services, CancellationToken cancellationToken)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var mine = services.Db.Orders.AsNoTracking().Where(o => o.CustomerId == caller.UserId());
        return TypedResults.Ok(await OrderQueries.PageAsync(mine, query.EffectivePage, query.EffectivePageSize, cancellationToken));
    }

    public static async Task<Results<Ok<OrderView>, NotFound>> GetMineAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] OrderServices services, CancellationToken cancellationToken)
    {
        var order = await services.Db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id && o.CustomerId == caller.UserId(), cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderView.Of(order));
    }

    /// <summary>A pending order is cancelled at once; a paid one is refunded and ends Refunded. Stock returns either way.</summary>
    public static async Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] OrderServices services, CancellationToken cancellationToken)
    {
        var change = await services.Changes.ChangeAsync(id, caller.UserId() ?? Guid.Empty, (order, now) => order.Cancel("Cancelled by the customer.", now), cancellationToken);
        if (change.Outcome == Transition.Applied)
        {
            services.Log.LogInformation("Customer {CustomerId} cancelled order {OrderId}", change.Order!.CustomerId, id);
        }
        return OrderQueries.Answer(change, "Only a pending or paid order can be cancelled.");
    }
}
