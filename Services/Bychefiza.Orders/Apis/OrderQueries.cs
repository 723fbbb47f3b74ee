using Bychefiza.Orders.Checkout;
using Bychefiza.Orders.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Apis;

internal static class OrderQueries
{
    /// <summary>Newest first; the id breaks ties so pages never overlap.</summary>
    public static async Task<OrderPage> PageAsync(IQueryable<Order> orders, int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await orders.CountAsync(cancellationToken);
        // Projected, so a page of summaries does not load every order's lines and history.
        var rows = await orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(o => new { o.Id, o.CustomerId, o.Status, o.Total, o.Currency, Items = o.Lines.Sum(l => l.Quantity), o.CreatedAt, o.UpdatedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Select(o => new OrderSummary(o.Id, o.CustomerId, o.Status.ToString(), o.Total, o.Currency, o.Items, o.CreatedAt, o.UpdatedAt));
        return new OrderPage([.. items], page, pageSize, total);
    }

    /// <summary>Applied and already done answer alike with the order, so a repeated click is harmless.</summary>
    public static Results<Ok<OrderView>, NotFound, ProblemHttpResult> Answer(OrderChange change, string refusal) => change switch
    {
        { Order: null } => TypedResults.NotFound(),
        { Outcome: Transition.Refused } => TypedResults.Problem(
            title: refusal, detail: $"The order is {change.Order.Status}.", statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.Ok(OrderView.Of(change.Order)),
    };
}
