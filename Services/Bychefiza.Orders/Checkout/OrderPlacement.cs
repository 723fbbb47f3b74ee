using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Apis;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Checkout;

/// <summary>What became of a request to place an order.</summary>
public abstract record PlaceOutcome
{
    public sealed record Placed(Order Order, bool Replayed) : PlaceOutcome;

    public sealed record Short(IReadOnlyList<Shortfall> Shortfalls) : PlaceOutcome;

    public sealed record Refused(string Reason) : PlaceOutcome;

    /// <summary>The key was used before with another request.</summary>
    public sealed record KeyReused : PlaceOutcome;

    /// <summary>Another request with this key is still being answered.</summary>
    public sealed record KeyInFlight : PlaceOutcome;
}

/// <summary>
/// Places an order: claims the idempotency key, reserves the stock at the catalog's prices, then stores
/// the order with its <c>OrderCreated</c> event and completes the key in one transaction.
/// </summary>
/// <remarks>
/// The order id is fixed when the key is first claimed and the catalog reserves idempotently per order,
/// so a retry after a crash anywhere in between reserves nothing twice and stores one order.
/// </remarks>
public sealed class OrderPlacement(
    OrdersDbContext db, CatalogReservations catalog, OrderMetrics metrics, TimeProvider time, ILogger<OrderPlacement> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<PlaceOutcome> PlaceAsync(
        Guid customerId, string key, PlaceOrderRequest request, AuthenticationHeaderValue caller, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(customerId, key, HashOf(request), cancellationToken);
        switch (claim)
        {
            case KeyClaim.Mismatch:
                return new PlaceOutcome.KeyReused();
            case KeyClaim.Busy:
                return new PlaceOutcome.KeyInFlight();
            case KeyClaim.Done done:
                var replayed = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == done.OrderId, cancellationToken);
                return new PlaceOutcome.Placed(replayed, Replayed: true);
        }

        var orderId = ((KeyClaim.Owned)claim).OrderId;
        var items = request.Items!.Select(i => (i!.ProductId!.Value, i.Quantity!.Value)).ToList();
        // Should this throw, the key stays leased: a retry after the lease carries on with the same order id.
        var reservation = await catalog.ReserveAsync(orderId, items, caller, cancellationToken);

        switch (reservation)
        {
            case ReservationOutcome.Short shortOf:
                await ForgetAsync(customerId, key, cancellationToken);
                return new PlaceOutcome.Short(shortOf.Shortfalls);
            case ReservationOutcome.Refused refused:
                await ForgetAsync(customerId, key, cancellationToken);
                return new PlaceOutcome.Refused(refused.Reason);
        }

        var reserved = ((ReservationOutcome.Reserved)reservation).Reservation;
        var order = await StoreAsync(customerId, key, orderId, reserved, request, cancellationToken);
        metrics.Placed(order);
        logger.LogInformation("Customer {CustomerId} placed order {OrderId} for {Total} {Currency}", customerId, order.Id, order.Total, order.Currency);
        return new PlaceOutcome.Placed(order, Replayed: false);
    }

    private Task<Order> StoreAsync(
        Guid customerId, string key, Guid orderId, Reservation reserved, PlaceOrderRequest request, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async ct =>
        {
            var now = time.GetUtcNow();
            var lines = reserved.Items.Select(i => new OrderLine { ProductId = i.ProductId, ProductName = i.Name, Quantity = i.Quantity, UnitPrice = i.UnitPrice }).ToList();
            var address = request.ShippingAddress!;
            var order = Order.Place(orderId, customerId, lines, reserved.Currency, new ShippingAddress(
                address.FullName!.Trim(), address.Line1!.Trim(), string.IsNullOrWhiteSpace(address.Line2) ? null : address.Line2.Trim(),
                address.City!.Trim(), address.PostalCode!.Trim().ToUpperInvariant(), address.Country!.ToUpperInvariant()), now);
            if (order.Total != reserved.Total)
            {
                throw new InvalidOperationException($"Order {orderId} totals {order.Total} but the catalog reserved {reserved.Total}.");
            }

            db.Orders.Add(order);
            db.AddEvent(new OrderCreated(order.Id, customerId, order.Total, order.Currency, request.PaymentToken!,
                [.. lines.Select(l => new OrderedItem(l.ProductId, l.ProductName, l.Quantity, l.UnitPrice))]));
            db.AddStatusChanged(order);
            var completed = await db.IdempotencyKeys
                .Where(r => r.CustomerId == customerId && r.Key == key && r.OrderId == orderId && r.CompletedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.CompletedAt, now), ct);
            if (completed != 1)
            {
                throw new InvalidOperationException($"The idempotency key of order {orderId} was completed or taken meanwhile.");
            }
            await db.SaveChangesAsync(ct);
            return order;
        }, cancellationToken);

    private abstract record KeyClaim
    {
        public sealed record Owned(Guid OrderId) : KeyClaim;

        public sealed record Done(Guid OrderId) : KeyClaim;

        public sealed record Mismatch : KeyClaim;

        public sealed record Busy : KeyClaim;
    }

    private async Task<KeyClaim> ClaimAsync(Guid customerId, string key, string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var orderId = Guid.CreateVersion7(now);
        var leasedUntil = now + IdempotencyRecord.LeaseFor;
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "IdempotencyKeys" ("CustomerId", "Key", "RequestHash", "OrderId", "CreatedAt", "LeasedUntil")
            VALUES ({customerId}, {key}, {hash}, {orderId}, {now}, {leasedUntil})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
        {
            return new KeyClaim.Owned(orderId);
        }

        var record = await db.IdempotencyKeys.AsNoTracking().FirstAsync(r => r.CustomerId == customerId && r.Key == key, cancellationToken);
        if (record.RequestHash != hash)
        {
            return new KeyClaim.Mismatch();
        }
        if (record.IsCompleted)
        {
            return new KeyClaim.Done(record.OrderId);
        }
        if (record.LeasedUntil > now)
        {
            return new KeyClaim.Busy();
        }

        // The request that held the key gave up or died: this one carries on with the same order id.
        var taken = await db.IdempotencyKeys
            .Where(r => r.CustomerId == customerId && r.Key == key && r.LeasedUntil == record.LeasedUntil && r.CompletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LeasedUntil, leasedUntil), cancellationToken);
        return taken == 1 ? new KeyClaim.Owned(record.OrderId) : new KeyClaim.Busy();
    }

    /// <summary>Nothing was reserved, so nothing is replayed: the key is free for the same request once stock is back.</summary>
    private Task ForgetAsync(Guid customerId, string key, CancellationToken cancellationToken) =>
        db.IdempotencyKeys.Where(r => r.CustomerId == customerId && r.Key == key && r.CompletedAt == null).ExecuteDeleteAsync(cancellationToken);

    private static string HashOf(PlaceOrderRequest request) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, Json))));
}
