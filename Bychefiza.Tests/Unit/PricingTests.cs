using Bychefiza.Products.Model;

namespace Bychefiza.Tests.Unit;

public sealed class PricingTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly int[] ShoesPath = [12, 2, 1]; // the product's category, its parent, the root

    private static Product Shoe(decimal price, string currency = "USD") =>
        new() { Id = Guid.NewGuid(), CategoryId = 12, Price = price, Currency = currency };

    private static Promotion Percent(decimal percent, int? category = 12, Guid? product = null, int startedHoursAgo = 1, int endsInHours = 1) => new()
    {
        PercentOff = percent, CategoryId = product is null ? category : null, ProductIds = product is { } id ? [id] : [],
        StartsAt = Now.AddHours(-startedHoursAgo), EndsAt = Now.AddHours(endsInHours),
    };

    private static Promotion Amount(decimal amount, Guid product) => new()
    {
        AmountOff = amount, ProductIds = [product], StartsAt = Now.AddHours(-1), EndsAt = Now.AddHours(1),
    };

    [Fact]
    public void No_promotion_means_no_sale_price()
    {
        Assert.Null(Pricing.SalePrice(Shoe(50m), ShoesPath, [], Now));
        Assert.Equal(50m, Pricing.PriceInForce(Shoe(50m), ShoesPath, [], Now));
    }

    [Fact]
    public void The_best_of_several_promotions_applies()
    {
        var shoe = Shoe(80m);

        var sale = Pricing.SalePrice(shoe, ShoesPath, [Percent(10), Amount(15m, shoe.Id), Percent(20, category: 1)], Now);

        Assert.Equal(64m, sale); // 20 % off through the root category beats 15 off and 10 %
    }

    [Fact]
    public void A_promotion_applies_through_an_ancestor_category_but_not_a_sibling()
    {
        Assert.Equal(40m, Pricing.SalePrice(Shoe(50m), ShoesPath, [Percent(20, category: 2)], Now));
        Assert.Null(Pricing.SalePrice(Shoe(50m), ShoesPath, [Percent(20, category: 13)], Now));
    }

    [Fact]
    public void Only_promotions_running_now_count()
    {
        var ended = Percent(50, startedHoursAgo: 3, endsInHours: -1);
        var upcoming = Percent(50, startedHoursAgo: -1, endsInHours: 5);
        var endsNow = Percent(50, endsInHours: 0);

        Assert.Null(Pricing.SalePrice(Shoe(50m), ShoesPath, [ended, upcoming, endsNow], Now));
    }

    [Fact]
    public void A_price_never_goes_below_zero()
    {
        var shoe = Shoe(9.99m);

        Assert.Equal(0m, Pricing.SalePrice(shoe, ShoesPath, [Amount(25m, shoe.Id)], Now));
    }

    [Theory]
    [InlineData(19.99, "USD", 25, 14.99)]   // 14.9925
    [InlineData(0.10, "USD", 15, 0.09)]     // 0.085, half away from zero
    [InlineData(1999, "JPY", 15, 1699)]     // 1699.15, no minor unit
    [InlineData(1000, "JPY", 33.5, 665)]    // 665
    public void Sale_prices_round_to_the_currencys_minor_unit(decimal price, string currency, decimal percent, decimal expected)
    {
        Assert.Equal(expected, Pricing.SalePrice(Shoe(price, currency), ShoesPath, [Percent(percent)], Now));
    }

    [Fact]
    public void Money_knows_each_currencys_minor_unit()
    {
        Assert.True(Money.FitsMinorUnit(10.25m, "USD"));
        Assert.False(Money.FitsMinorUnit(10.255m, "USD"));
        Assert.False(Money.FitsMinorUnit(10.5m, "JPY"));
        Assert.False(Money.IsKnown("XXX"));
    }
}
