namespace Bychefiza.Users.Model;

/// <summary>
/// A person's addresses, loaded whole, and the rule they keep: while any exist, exactly one is the
/// default shipping address. The first address becomes it, naming another moves it, and deleting it
/// passes it to the oldest address left.
/// </summary>
public sealed class AddressBook(List<Address> addresses)
{
    public bool IsFull => addresses.Count >= Address.MaxPerUser;

    public Address? Find(Guid id) => addresses.Find(a => a.Id == id);

    public Address? Default => addresses.Find(a => a.IsDefaultShipping);

    /// <summary>Adds <paramref name="address"/>; it is the default when asked to be or when it is the first.</summary>
    public void Add(Address address, bool makeDefault)
    {
        if (IsFull)
        {
            throw new InvalidOperationException($"An address book holds at most {Address.MaxPerUser} addresses.");
        }
        addresses.Add(address);
        if (makeDefault || addresses.Count == 1)
        {
            MakeDefault(address);
        }
    }

    public void MakeDefault(Address address)
    {
        foreach (var other in addresses)
        {
            other.IsDefaultShipping = other == address;
        }
    }

    public void Remove(Address address)
    {
        addresses.Remove(address);
        if (address.IsDefaultShipping && addresses.MinBy(a => a.CreatedAt) is { } heir)
        {
            heir.IsDefaultShipping = true;
        }
    }
}
