namespace Bychefiza.Users.Model;

/// <summary>An entry of the person's address book; at most one is the default shipping address.</summary>
public sealed class Address
{
    public const int MaxPerUser = 20;

    public Guid Id { get; init; }

    public Guid UserId { get; init; }

    public string? Label { get; set; }

    public string FullName { get; set; } = "";

    public string Line1 { get; set; } = "";

    public string? Line2 { get; set; }

    public string City { get; set; } = "";

    public string PostalCode { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public string Country { get; set; } = "";

    public string? Phone { get; set; }

    public bool IsDefaultShipping { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
