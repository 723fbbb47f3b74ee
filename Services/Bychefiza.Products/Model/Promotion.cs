namespace Bychefiza.Products.Model;

/// <summary>
/// A discount for a time: a percentage or an amount off, on a category (and its children) or on a
/// list of products. Shoppers see the best one that applies.
/// </summary>
public sealed class Promotion
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";

    public decimal? PercentOff { get; set; }

    public decimal? AmountOff { get; set; }

    public int? CategoryId { get; set; }

    public List<Guid> ProductIds { get; set; } = [];

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool ActiveAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt;
}
