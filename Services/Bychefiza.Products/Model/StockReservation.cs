namespace Bychefiza.Products.Model;

public enum ReservationStatus
{
    /// <summary>The units are held for the order.</summary>
    Reserved,

    /// <summary>The order was paid: the units are sold.</summary>
    Committed,

    /// <summary>The order was cancelled or failed: the units went back to stock.</summary>
    Released,
}

/// <summary>Units of one product held for one order, at the unit price in force when they were reserved.</summary>
public sealed class StockReservation
{
    public Guid OrderId { get; set; }

    public Guid ProductId { get; set; }

    public int Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public string Currency { get; set; } = Money.DefaultCurrency;

    public ReservationStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The order was paid: the held units are sold.</summary>
    public Transition Commit(DateTimeOffset now) => MoveTo(ReservationStatus.Committed, now);

    /// <summary>The order will not be paid: the held units may go back to stock.</summary>
    public Transition Release(DateTimeOffset now) => MoveTo(ReservationStatus.Released, now);

    private Transition MoveTo(ReservationStatus target, DateTimeOffset now)
    {
        if (Status == target)
        {
            return Transition.AlreadyDone;
        }
        // Only held units move: a sale is not undone by a release, nor are returned units sold.
        if (Status != ReservationStatus.Reserved)
        {
            return Transition.Refused;
        }
        Status = target;
        UpdatedAt = now;
        return Transition.Applied;
    }
}
