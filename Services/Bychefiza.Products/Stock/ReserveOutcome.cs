using Bychefiza.Products.Model;

namespace Bychefiza.Products.Stock;

/// <summary>Units of one product an order asks to hold.</summary>
public sealed record ReservationItem(Guid ProductId, int Quantity);

/// <summary>A product that cannot cover what was asked; unknown and archived products have none available.</summary>
public sealed record Shortfall(Guid ProductId, int Requested, int Available);

/// <summary>What a reservation request came to.</summary>
public abstract record ReserveOutcome
{
    private ReserveOutcome()
    {
    }

    /// <summary>The units were taken from stock now.</summary>
    public sealed record Reserved(IReadOnlyList<StockReservation> Lines) : ReserveOutcome;

    /// <summary>The same request was made before: its reservation, unchanged.</summary>
    public sealed record Replayed(IReadOnlyList<StockReservation> Lines) : ReserveOutcome;

    /// <summary>Nothing was taken: these products cannot cover the order.</summary>
    public sealed record Short(IReadOnlyList<Shortfall> Shortfalls) : ReserveOutcome;

    /// <summary>Nothing was taken: the request contradicts what the order already holds, or cannot be one order.</summary>
    public sealed record Refused(string Reason) : ReserveOutcome;
}
