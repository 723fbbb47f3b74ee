namespace Bychefiza.Products.Model;

/// <summary>What an order's events do to its held units.</summary>
public enum ReservationMove
{
    Commit,
    Release,
    Return,
}

public enum ReservationStatus
{
    /// <summary>The units are held for the order.</summary>
    Reserved,

    /// <summary>The order was paid: the units are sold.</summary>
    Committed,

    /// <summary>The order was cancelled or failed: the units went back to stock.</summary>
    Released,

    /// <summary>The paid order was refunded before it shipped: the sold units went back to stock.</summary>
    Returned,
}

/// <summary>Units of one product held for one order, at the unit price in force when they were reserved.</summary>
public sealed class StockReservation
{
    public Guid OrderId { get; set; }

    public Guid ProductId { get; set; }

    /// <summary>The product's name when it was reserved, so the order reads as the shopper saw it.</summary>
    public string ProductName { get; set; } = "";

    public int Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public string Currency { get; set; } = Money.DefaultCurrency;

    public ReservationStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The order was paid: the held units are sold.</summary>
    public Transition Commit(DateTimeOffset now) => MoveTo(ReservationStatus.Committed, now, from: ReservationStatus.Reserved);

    /// <summary>The order will not be paid: the held units may go back to stock.</summary>
    public Transition Release(DateTimeOffset now) => MoveTo(ReservationStatus.Released, now, from: ReservationStatus.Reserved);

    /// <summary>The paid order was refunded: the sold units may go back to stock.</summary>
    public Transition Return(DateTimeOffset now) => MoveTo(ReservationStatus.Returned, now, from: ReservationStatus.Committed);

    public Transition Apply(ReservationMove move, DateTimeOffset now) => move switch
    {
        ReservationMove.Commit => Commit(now),
        ReservationMove.Release => Release(now),
        ReservationMove.Return => Return(now),
        _ => throw new ArgumentOutOfRangeException(nameof(move), move, null),
    };

    private Transition MoveTo(ReservationStatus target, DateTimeOffset now, ReservationStatus from)
    {
        if (Status == target)
        {
            return Transition.AlreadyDone;
        }
        // Units move one way only: a sale is not undone by a release, released units are not sold,
        // and only sold units come back as a return.
        if (Status != from)
        {
            return Transition.Refused;
        }
        Status = target;
        UpdatedAt = now;
        return Transition.Applied;
    }
}
