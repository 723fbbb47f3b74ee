using Bychefiza.Products.Model;

namespace Bychefiza.Tests.Unit;

public sealed class ReservationRulesTests
{
    private static readonly DateTimeOffset Reserved = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Reserved.AddMinutes(5);

    private static StockReservation Held() => new() { Status = ReservationStatus.Reserved, CreatedAt = Reserved, UpdatedAt = Reserved };

    [Fact]
    public void Held_units_can_be_sold_and_selling_again_changes_nothing()
    {
        var reservation = Held();

        Assert.Equal(Transition.Applied, reservation.Commit(Later));
        Assert.Equal(ReservationStatus.Committed, reservation.Status);
        Assert.Equal(Later, reservation.UpdatedAt);
        Assert.Equal(Transition.AlreadyDone, reservation.Commit(Later.AddMinutes(1)));
        Assert.Equal(Later, reservation.UpdatedAt);
    }

    [Fact]
    public void Held_units_can_be_released_and_releasing_again_changes_nothing()
    {
        var reservation = Held();

        Assert.Equal(Transition.Applied, reservation.Release(Later));
        Assert.Equal(ReservationStatus.Released, reservation.Status);
        Assert.Equal(Transition.AlreadyDone, reservation.Release(Later.AddMinutes(1)));
        Assert.Equal(Later, reservation.UpdatedAt);
    }

    [Fact]
    public void A_sale_is_not_released_and_released_units_are_not_sold()
    {
        var sold = Held();
        sold.Commit(Later);
        var released = Held();
        released.Release(Later);

        Assert.Equal(Transition.Refused, sold.Release(Later.AddMinutes(1)));
        Assert.Equal(ReservationStatus.Committed, sold.Status);
        Assert.Equal(Transition.Refused, released.Commit(Later.AddMinutes(1)));
        Assert.Equal(ReservationStatus.Released, released.Status);
        Assert.Equal(Later, released.UpdatedAt);
    }

    [Fact]
    public void Only_sold_units_come_back_as_a_return_and_only_once()
    {
        var sold = Held();
        sold.Commit(Later);
        var held = Held();

        Assert.Equal(Transition.Refused, held.Return(Later));
        Assert.Equal(ReservationStatus.Reserved, held.Status);
        Assert.Equal(Transition.Applied, sold.Return(Later.AddMinutes(1)));
        Assert.Equal(ReservationStatus.Returned, sold.Status);
        Assert.Equal(Transition.AlreadyDone, sold.Return(Later.AddMinutes(2)));
        Assert.Equal(Transition.Refused, sold.Commit(Later.AddMinutes(2)));
    }
}
