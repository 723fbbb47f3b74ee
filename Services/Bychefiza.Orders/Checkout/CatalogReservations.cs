using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Bychefiza.Orders.Checkout;

public sealed record ReservedLine(Guid ProductId, string Name, int Quantity, decimal UnitPrice, string Currency);

public sealed record Reservation(Guid OrderId, string Status, IReadOnlyList<ReservedLine> Items, decimal Total, string Currency);

public sealed record Shortfall(Guid ProductId, int Requested, int Available);

/// <summary>What the catalog said to a reservation request.</summary>
public abstract record ReservationOutcome
{
    public sealed record Reserved(Reservation Reservation) : ReservationOutcome;

    /// <summary>Some products are short (unknown and archived ones count as short with nothing available).</summary>
    public sealed record Short(IReadOnlyList<Shortfall> Shortfalls) : ReservationOutcome;

    /// <summary>The catalog refused the order for another reason, e.g. products priced in several currencies.</summary>
    public sealed record Refused(string Reason) : ReservationOutcome;
}

/// <summary>
/// The catalog's internal stock reservations (<c>/internal/reservations</c> on the products service),
/// called with the shopper's own token. Reserving is idempotent per order id, so the standard
/// resilience handler may retry it.
/// </summary>
public sealed class CatalogReservations(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ReservationOutcome> ReserveAsync(
        Guid orderId, IEnumerable<(Guid ProductId, int Quantity)> items, AuthenticationHeaderValue caller, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/reservations")
        {
            Content = JsonContent.Create(new
            {
                orderId,
                items = items.Select(i => new { productId = i.ProductId, quantity = i.Quantity }),
            }, options: Json),
        };
        request.Headers.Authorization = caller;
        using var response = await http.SendAsync(request, cancellationToken);

        if (response.IsSuccessStatusCode)
        {
            var reservation = await response.Content.ReadFromJsonAsync<Reservation>(Json, cancellationToken)
                ?? throw new InvalidOperationException("The catalog answered a reservation with an empty body.");
            return new ReservationOutcome.Reserved(reservation);
        }
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var problem = await response.Content.ReadFromJsonAsync<ConflictProblem>(Json, cancellationToken);
            return problem?.Shortfalls is { Count: > 0 } shortfalls
                ? new ReservationOutcome.Short(shortfalls)
                : new ReservationOutcome.Refused(problem?.Title ?? "The catalog refused the reservation.");
        }

        // Anything else is our fault or the catalog's (validation mirrors ours; tokens are the caller's own).
        throw new HttpRequestException($"The catalog answered the reservation of order {orderId} with {(int)response.StatusCode}.", null, response.StatusCode);
    }

    private sealed record ConflictProblem(string? Title, IReadOnlyList<Shortfall>? Shortfalls);
}
