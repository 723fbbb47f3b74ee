using Bychefiza.Messaging.Events;
using Bychefiza.Products.Catalog;
using Bychefiza.Products.Data;
using Bychefiza.Products.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Stock;

/// <summary>
/// Stock held for orders: taken all at once or not at all, returned on release, sold on commit.
/// Every change to one order's reservation runs under a lock on that order, so retries and
/// concurrent calls for the same order see each other's result instead of racing.
/// </summary>
public sealed class Reservations(ProductsDbContext db, PriceBook priceBook, CatalogCache cache, TimeProvider time)
{
    // PostgreSQL advisory locks in the two-integer form: this key space is ours alone.
    private const int OrderLockSpace = 0x52535256;

    public Task<List<StockReservation>> FindAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Reservations.AsNoTracking().Where(r => r.OrderId == orderId).ToListAsync(cancellationToken);

    public async Task<ReserveOutcome> ReserveAsync(Guid orderId, IReadOnlyList<ReservationItem> items, CancellationToken cancellationToken)
    {
        var prices = await priceBook.LoadForSaleAsync(cancellationToken);
        var outcome = await db.InTransactionAsync<ReserveOutcome>(async ct =>
        {
            await LockOrderAsync(orderId, ct);
            var existing = await FindAsync(orderId, ct);
            if (existing.Count > 0)
            {
                return SameItems(existing, items)
                    ? new ReserveOutcome.Replayed(existing)
                    : new ReserveOutcome.Refused("This order already holds a different reservation.");
            }

            var products = await LockProductsAsync(items.Select(i => i.ProductId), ct);
            var shortfalls = items.Select(i => ShortfallOf(i, products.GetValueOrDefault(i.ProductId))).OfType<Shortfall>().ToList();
            if (shortfalls.Count > 0)
            {
                return new ReserveOutcome.Short(shortfalls);
            }
            if (products.Values.Select(p => p.Currency).Distinct().Count() > 1)
            {
                return new ReserveOutcome.Refused("An order is paid in one currency; these products are priced in several.");
            }

            var now = time.GetUtcNow();
            var lines = items.Select(item => Take(products[item.ProductId], item.Quantity, prices, orderId, now)).ToList();
            await db.SaveChangesAsync(ct);
            return new ReserveOutcome.Reserved(lines);
        }, cancellationToken);

        if (outcome is ReserveOutcome.Reserved)
        {
            // The shop shows stock: its cached pages must not outlive the change.
            await cache.InvalidateAsync();
        }
        return outcome;
    }

    /// <summary>
    /// Commits, releases or returns the order's units in a transaction of its own, then clears the
    /// shop's cache when stock changed; null when the order holds nothing.
    /// </summary>
    public async Task<Transition?> MoveAsync(Guid orderId, ReservationMove move, CancellationToken cancellationToken)
    {
        var outcome = await db.InTransactionAsync(ct => ApplyAsync(orderId, move, ct), cancellationToken);
        if (outcome == Transition.Applied && move != ReservationMove.Commit)
        {
            await cache.InvalidateAsync();
        }
        return outcome;
    }

    /// <summary>
    /// As <see cref="MoveAsync"/>, inside the caller's open transaction (an event handler's), which
    /// also owns clearing the cache; null when the order holds nothing.
    /// </summary>
    public async Task<Transition?> ApplyAsync(Guid orderId, ReservationMove move, CancellationToken cancellationToken)
    {
        await LockOrderAsync(orderId, cancellationToken);
        var lines = await db.Reservations.Where(r => r.OrderId == orderId).ToListAsync(cancellationToken);
        if (lines.Count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var moves = lines.Select(line => (Line: line, Transition: line.Apply(move, now))).ToList();
        var outcome = Combined(moves.Select(m => m.Transition));
        if (outcome != Transition.Applied)
        {
            return outcome;
        }
        // A sale leaves stock as the reservation left it; a release or a return puts the units back.
        if (move != ReservationMove.Commit)
        {
            var products = await LockProductsAsync(lines.Select(l => l.ProductId), cancellationToken);
            foreach (var (line, _) in moves.Where(m => m.Transition == Transition.Applied))
            {
                var product = products[line.ProductId];
                product.Stock += line.Quantity;
                db.AddEvent(new ProductStockChanged(product.Id, product.Stock));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Held until the transaction ends; concurrent calls for the same order wait here and then see its result.</summary>
    private Task LockOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({OrderLockSpace}, hashtext({orderId.ToString()}))", cancellationToken);

    /// <summary>
    /// The products, locked for update until the transaction ends. Locks are taken in id order, so two
    /// orders sharing products queue behind each other instead of deadlocking.
    /// </summary>
    private async Task<Dictionary<Guid, Product>> LockProductsAsync(IEnumerable<Guid> productIds, CancellationToken cancellationToken)
    {
        var ids = productIds.Distinct().ToArray();
        var products = await db.Products
            .FromSql($"""SELECT p.*, p.xmin FROM "Products" AS p WHERE p."Id" = ANY({ids}) ORDER BY p."Id" FOR UPDATE""")
            .ToListAsync(cancellationToken);
        return products.ToDictionary(p => p.Id);
    }

    private static Shortfall? ShortfallOf(ReservationItem item, Product? product)
    {
        // Unknown and archived products cannot be sold: to the caller they are out of stock.
        var available = product is null || product.ArchivedAt is not null ? 0 : product.Stock;
        return available >= item.Quantity ? null : new Shortfall(item.ProductId, item.Quantity, available);
    }

    private StockReservation Take(Product product, int quantity, Prices prices, Guid orderId, DateTimeOffset now)
    {
        product.Stock -= quantity;
        db.AddEvent(new ProductStockChanged(product.Id, product.Stock));
        var line = new StockReservation
        {
            OrderId = orderId,
            ProductId = product.Id,
            ProductName = product.Name,
            Quantity = quantity,
            UnitPrice = prices.PriceInForce(product),
            Currency = product.Currency,
            Status = ReservationStatus.Reserved,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Reservations.Add(line);
        return line;
    }

    private static bool SameItems(IReadOnlyList<StockReservation> lines, IReadOnlyList<ReservationItem> items) =>
        lines.Count == items.Count && items.All(i => lines.Any(l => l.ProductId == i.ProductId && l.Quantity == i.Quantity));

    /// <summary>An order's lines move together: one refusal refuses the whole, one change changes it.</summary>
    private static Transition Combined(IEnumerable<Transition> transitions)
    {
        var all = transitions.ToList();
        return all.Contains(Transition.Refused) ? Transition.Refused
            : all.Contains(Transition.Applied) ? Transition.Applied
            : Transition.AlreadyDone;
    }
}
