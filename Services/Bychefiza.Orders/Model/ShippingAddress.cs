namespace Bychefiza.Orders.Model;

/// <summary>Where the order goes, copied into the order so later address-book edits do not move it.</summary>
public sealed record ShippingAddress(string FullName, string Line1, string? Line2, string City, string PostalCode, string Country);
