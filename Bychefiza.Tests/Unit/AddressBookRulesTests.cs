using Bychefiza.Users.Model;

namespace Bychefiza.Tests.Unit;

/// <summary>While a person has addresses, exactly one is the default shipping address.</summary>
public sealed class AddressBookRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Address At(int minutes) => new() { Id = Guid.NewGuid(), CreatedAt = Start.AddMinutes(minutes) };

    [Fact]
    public void The_first_address_is_the_default_and_naming_another_moves_the_mark()
    {
        var book = new AddressBook([]);
        var home = At(0);
        var work = At(1);
        var cabin = At(2);

        book.Add(home, makeDefault: false);
        book.Add(work, makeDefault: false);
        book.Add(cabin, makeDefault: true);

        Assert.Equal([false, false, true], [home.IsDefaultShipping, work.IsDefaultShipping, cabin.IsDefaultShipping]);
        book.MakeDefault(work);
        Assert.Same(work, book.Default);
        Assert.False(cabin.IsDefaultShipping);
    }

    [Fact]
    public void Removing_the_default_passes_it_to_the_oldest_address_left_and_removing_another_keeps_it()
    {
        var home = At(0);
        var work = At(1);
        var cabin = At(2);
        var book = new AddressBook([cabin, work, home]);
        book.MakeDefault(cabin);

        book.Remove(work);
        Assert.Same(cabin, book.Default);
        book.Remove(cabin);
        Assert.Same(home, book.Default);
        book.Remove(home);
        Assert.Null(book.Default);
    }

    [Fact]
    public void A_full_book_takes_no_more()
    {
        var book = new AddressBook([.. Enumerable.Range(0, Address.MaxPerUser).Select(At)]);

        Assert.True(book.IsFull);
        Assert.Throws<InvalidOperationException>(() => book.Add(At(99), makeDefault: false));
    }
}
