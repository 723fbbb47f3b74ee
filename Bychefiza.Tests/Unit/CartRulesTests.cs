using Bychefiza.Users.Model;

namespace Bychefiza.Tests.Unit;

/// <summary>A guest's cart joins the account's on sign-in without doubling anything.</summary>
public sealed class CartRulesTests
{
    private static readonly Guid Kettle = Guid.NewGuid();
    private static readonly Guid Teapot = Guid.NewGuid();
    private static readonly Guid Cups = Guid.NewGuid();

    [Fact]
    public void Merging_keeps_each_product_once_at_the_larger_quantity_in_the_order_it_first_came()
    {
        var merged = Cart.Merge([(Kettle, 1), (Teapot, 3)], [(Cups, 2), (Kettle, 2), (Teapot, 1)]);

        Assert.Equal([(Kettle, 2), (Teapot, 3), (Cups, 2)], merged);
    }

    [Fact]
    public void Merging_the_same_guest_cart_twice_changes_nothing_the_second_time()
    {
        IReadOnlyList<(Guid, int)> guest = [(Kettle, 2), (Cups, 1)];

        var once = Cart.Merge([(Teapot, 1)], guest);
        var twice = Cart.Merge(once, guest);

        Assert.Equal(once, twice);
    }

    [Fact]
    public void An_empty_account_cart_takes_the_guest_cart_as_it_is()
    {
        Assert.Equal([(Cups, 4), (Kettle, 1)], Cart.Merge([], [(Cups, 4), (Kettle, 1)]));
    }
}
