using System.Diagnostics;
using Bychefiza.Products.Model;
using Bychefiza.Products.Stock;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bychefiza.Products.Apis;

public sealed record ReserveRequest(Guid? OrderId, IReadOnlyList<ReserveItemRequest?>? Items);

public sealed record ReserveItemRequest(Guid? ProductId, int? Quantity);

public sealed record ReservationLine(Guid ProductId, string Name, int Quantity, decimal UnitPrice, string Currency);

/// <summary>An order's held units at the unit prices in force when they were reserved.</summary>
public sealed record ReservationResponse(Guid OrderId, string Status, IReadOnlyList<ReservationLine> Items, decimal Total, string Currency)
{
    public static ReservationResponse From(IReadOnlyList<StockReservation> lines)
    {
        var first = lines[0];
        // Rounded to the minor unit so a fresh answer and its replay from the database read alike.
        var items = lines.OrderBy(l => l.ProductId)
            .Select(l => new ReservationLine(l.ProductId, l.ProductName, l.Quantity, Money.Round(l.UnitPrice, l.Currency), l.Currency))
            .ToList();
        var total = Money.Round(items.Sum(i => i.UnitPrice * i.Quantity), first.Currency);
        return new ReservationResponse(first.OrderId, first.Status.ToString(), items, total, first.Currency);
    }
}

public sealed record ReservationServices(Reservations Reservations, ILogger<ReservationServices> Log);

/// <summary>
/// Stock reservations for the orders service. Internal: the gateway routes nothing under
/// <c>/internal</c>, and every call still needs a valid token.
/// </summary>
public static class ReservationsApi
{
    public static IEndpointRouteBuilder MapReservationsApi(this IEndpointRouteBuilder app)
    {
        // Left out of the published OpenAPI document: outsiders never reach these routes.
        var api = app.MapGroup("/internal/reservations").WithTags("Stock reservations (internal)").RequireAuthorization(Policies.Customer)
            .ExcludeFromDescription();

        api.MapPost("/", ReserveAsync).WithName("ReserveStock");
        api.MapGet("/{orderId:guid}", GetAsync).WithName("GetReservation");
        api.MapDelete("/{orderId:guid}", ReleaseAsync).WithName("ReleaseReservation");
        api.MapPost("/{orderId:guid}/commit", CommitAsync).WithName("CommitReservation");

        return app;
    }

    public static async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> ReserveAsync(
        ReserveRequest request, [AsParameters] ReservationServices services, CancellationToken cancellationToken)
    {
        var errors = ReservationValidation.Reserve(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var orderId = request.OrderId!.Value;
        var items = request.Items!.Select(i => new ReservationItem(i!.ProductId!.Value, i.Quantity!.Value)).ToList();
        var outcome = await services.Reservations.ReserveAsync(orderId, items, cancellationToken);
        switch (outcome)
        {
            case ReserveOutcome.Reserved reserved:
                services.Log.LogInformation("Reserved {Count} products for order {OrderId}", items.Count, orderId);
                return TypedResults.Created($"/internal/reservations/{orderId}", ReservationResponse.From(reserved.Lines));
            case ReserveOutcome.Replayed replayed:
                return TypedResults.Ok(ReservationResponse.From(replayed.Lines));
            case ReserveOutcome.Short shortOf:
                return TypedResults.Problem(
                    title: "Not enough stock for this order; nothing was reserved.",
                    statusCode: StatusCodes.Status409Conflict,
                    extensions: new Dictionary<string, object?> { ["shortfalls"] = shortOf.Shortfalls });
            case ReserveOutcome.Refused refused:
                return TypedResults.Problem(title: refused.Reason, statusCode: StatusCodes.Status409Conflict);
            default:
                throw new UnreachableException($"Unhandled reservation outcome {outcome.GetType().Name}.");
        }
    }

    public static async Task<Results<Ok<ReservationResponse>, NotFound>> GetAsync(
        Guid orderId, [AsParameters] ReservationServices services, CancellationToken cancellationToken)
    {
        var lines = await services.Reservations.FindAsync(orderId, cancellationToken);
        return lines.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(ReservationResponse.From(lines));
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ReleaseAsync(
        Guid orderId, [AsParameters] ReservationServices services, CancellationToken cancellationToken)
    {
        var outcome = await services.Reservations.MoveAsync(orderId, ReservationMove.Release, cancellationToken);
        if (outcome == Transition.Applied)
        {
            services.Log.LogInformation("Released the reservation of order {OrderId}", orderId);
        }
        return Answer(outcome, "The order's stock is sold; it cannot be released.");
    }

    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> CommitAsync(
        Guid orderId, [AsParameters] ReservationServices services, CancellationToken cancellationToken)
    {
        var outcome = await services.Reservations.MoveAsync(orderId, ReservationMove.Commit, cancellationToken);
        if (outcome == Transition.Applied)
        {
            services.Log.LogInformation("Committed the reservation of order {OrderId}", orderId);
        }
        return Answer(outcome, "The order's stock was released; it cannot be sold.");
    }

    // Applied and already done answer alike, so the orders service can retry without reading first.
    private static Results<NoContent, NotFound, ProblemHttpResult> Answer(Transition? outcome, string refusal) => outcome switch
    {
        null => TypedResults.NotFound(),
        Transition.Refused => TypedResults.Problem(title: refusal, statusCode: StatusCodes.Status409Conflict),
        _ => TypedResults.NoContent(),
    };
}
