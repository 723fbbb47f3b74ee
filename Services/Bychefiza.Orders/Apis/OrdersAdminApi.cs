using System.Security.Claims;
using Bychefiza.Orders.Model;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Apis;

public sealed record AdminOrderQuery(string? Status, DateTimeOffset? From, DateTimeOffset? To, Guid? CustomerId, int? Page, int? PageSize)
{
    public OrderStatus? ParsedStatus => Enum.TryParse<OrderStatus>(Status, ignoreCase: true, out var status) ? status : null;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new PageQuery(Page, PageSize).Validate();
        if (Status is not null && (ParsedStatus is null || int.TryParse(Status, out _)))
        {
            errors["status"] = [$"Use one of {string.Join(", ", Enum.GetNames<OrderStatus>())}."];
        }
        if (From is not null && To is not null && From >= To)
        {
            errors["to"] = ["'to' comes after 'from'."];
        }
        return errors;
    }
}

/// <summary>Every customer's orders for admins: filter, read, ship, deliver, refund.</summary>
public static class OrdersAdminApi
{
    public static IEndpointRouteBuilder MapOrdersAdminApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders/admin").WithTags("Orders (admin)").RequireAuthorization(Policies.Admin);

        api.MapGet("/", ListAsync).WithName("ListOrders");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetOrder");
        api.MapPost("/{id:guid}/ship", ShipAsync).WithName("ShipOrder");
        api.MapPost("/{id:guid}/deliver", DeliverAsync).WithName("DeliverOrder");
        api.MapPost("/{id:guid}/refund", RefundAsync).WithName("RefundOrder");

        return app;
    }

    public static async Task<Results<Ok<OrderPage>, ValidationProblem>> ListAsync(
        [AsParameters] AdminOrderQuery query, [AsParameters] OrderServices services, CancellationToken cancellationToken)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var orders = services.Db.Orders.AsNoTracking();
        if (query.ParsedStatus is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }
        if (query.From is { } from)
        {
            orders = orders.Where(o => o.CreatedAt >= from);
        }
        if (query.To is { } to)
        {
            orders = orders.Where(o => o.CreatedAt < to);
        }
        if (query.CustomerId is { } customerId)
        {
            orders = orders.Where(o => o.CustomerId == customerId);
        }
        var paging = new PageQuery(query.Page, query.PageSize);
        return TypedResults.Ok(await OrderQueries.PageAsync(orders, paging.EffectivePage, paging.EffectivePageSize, cancellationToken));
    }

    public static async Task<Results<Ok<OrderView>, NotFound>> GetAsync(Guid id, [AsParameters] OrderServices services, CancellationToken cancellationToken)
    {
        var order = await services.Db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return order is null ? TypedResults.NotFound() : TypedResults.Ok(OrderView.Of(order));
    }

    public static Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> ShipAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] OrderServices services, CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, services, "shipped", (order, now) => order.Ship(now), "Only a paid order can be shipped.", cancellationToken);

    public static Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> DeliverAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] OrderServices services, CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, services, "delivered", (order, now) => order.Deliver(now), "Only a shipped order can be delivered.", cancellationToken);

    /// <summary>Refunds a paid order that has not shipped; it ends Refunded and its stock returns.</summary>
    public static Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> RefundAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] OrderServices services, CancellationToken cancellationToken) =>
        ChangeAsync(id, caller, services, "refunded", (order, now) => order.RequestRefund("Refunded by an admin.", now), "Only a paid order that has not shipped can be refunded.", cancellationToken);

    private static async Task<Results<Ok<OrderView>, NotFound, ProblemHttpResult>> ChangeAsync(
        Guid id, ClaimsPrincipal caller, OrderServices services, string done, Func<Order, DateTimeOffset, Transition> change, string refusal,
        CancellationToken cancellationToken)
    {
        var outcome = await services.Changes.ChangeAsync(id, ownerId: null, change, cancellationToken);
        if (outcome.Outcome == Transition.Applied)
        {
            services.Log.LogInformation("Admin {AdminId} {Change} order {OrderId}", caller.UserId(), done, id);
        }
        return OrderQueries.Answer(outcome, refusal);
    }
}
