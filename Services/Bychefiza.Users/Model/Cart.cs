namespace Bychefiza.Users.Model;

/// <summary>The rules of a person's cart: how many products it holds, and how a guest cart joins it.</summary>
public static class Cart
{
    public const int MaxLines = 100;

    public const int MaxQuantity = 1000;

    /// <summary>
    /// The account's cart with the guest cart merged in: each product once, at the larger of the two
    /// quantities. The larger, not the sum, so that merging the same guest cart twice (a retried
    /// request, a second tab signing in) changes nothing the second time. Products keep the order in
    /// which they first entered either cart.
    /// </summary>
    public static IReadOnlyList<(Guid ProductId, int Quantity)> Merge(
        IEnumerable<(Guid ProductId, int Quantity)> account, IEnumerable<(Guid ProductId, int Quantity)> guest)
    {
        var merged = new List<(Guid ProductId, int Quantity)>();
        var index = new Dictionary<Guid, int>();
        foreach (var (productId, quantity) in account.Concat(guest))
        {
            if (index.TryGetValue(productId, out var at))
            {
                merged[at] = (productId, Math.Max(merged[at].Quantity, quantity));
            }
            else
            {
                index[productId] = merged.Count;
                merged.Add((productId, quantity));
            }
        }
        return merged;
    }
}
