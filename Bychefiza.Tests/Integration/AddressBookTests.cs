using System.Net;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>The address book: one default shipping address at all times, field errors, and nobody else's addresses.</summary>
[Collection(GraphCollection.Name)]
public sealed class AddressBookTests(GraphFixture fixture)
{
    private const string Book = "/api/users/me/addresses";

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task The_first_address_is_the_default_naming_another_moves_the_mark_and_deleting_it_passes_it_on()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);

        var home = await AddAsync(gateway, person, "Home", isDefault: null);
        var work = await AddAsync(gateway, person, "Work", isDefault: false);
        using var moved = await Accounts.SendAsync(gateway, HttpMethod.Put, $"{Book}/{work.Id}", person.AccessToken, Address("Work", isDefault: true));
        var afterMove = await People.GetAsync<AddressBody[]>(gateway, Book, person.AccessToken);
        using var deleted = await Accounts.SendAsync(gateway, HttpMethod.Delete, $"{Book}/{work.Id}", person.AccessToken);
        var afterDelete = await People.GetAsync<AddressBody[]>(gateway, Book, person.AccessToken);

        Assert.True(home.IsDefaultShipping);
        Assert.False(work.IsDefaultShipping);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal([(work.Id, true), (home.Id, false)], afterMove.Select(a => (a.Id, a.IsDefaultShipping)));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal((home.Id, true), (Assert.Single(afterDelete).Id, afterDelete[0].IsDefaultShipping));
    }

    [Fact]
    public async Task A_bad_address_gets_field_errors_and_another_persons_address_does_not_exist_for_me()
    {
        using var gateway = Graph.Client("gateway");
        var owner = await People.RegisteredAsync(gateway);
        var stranger = await People.RegisteredAsync(gateway);
        var address = await AddAsync(gateway, owner, "Home", isDefault: true);

        using var bad = await Accounts.SendAsync(gateway, HttpMethod.Post, Book, owner.AccessToken,
            new { fullName = "", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "!", country = "XX", phone = "12345" });
        var problem = await People.ReadAsync<ProblemBody>(bad, HttpStatusCode.BadRequest);
        using var read = await Accounts.SendAsync(gateway, HttpMethod.Get, $"{Book}/{address.Id}", stranger.AccessToken);
        using var changed = await Accounts.SendAsync(gateway, HttpMethod.Put, $"{Book}/{address.Id}", stranger.AccessToken, Address("Mine now", isDefault: true));
        using var deleted = await Accounts.SendAsync(gateway, HttpMethod.Delete, $"{Book}/{address.Id}", stranger.AccessToken);
        var ownersBook = await People.GetAsync<AddressBody[]>(gateway, Book, owner.AccessToken);

        Assert.Equal(["country", "fullName", "phone", "postalCode"], problem.Errors!.Keys.Order());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, changed.StatusCode, deleted.StatusCode));
        Assert.Equal(("Home", true), (Assert.Single(ownersBook).Label, ownersBook[0].IsDefaultShipping));
    }

    private static object Address(string label, bool? isDefault) => new
    {
        label, fullName = "Ada Lovelace", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "de", phone = "+4930123456",
        isDefaultShipping = isDefault,
    };

    private static async Task<AddressBody> AddAsync(HttpClient gateway, Person person, string label, bool? isDefault)
    {
        using var created = await Accounts.SendAsync(gateway, HttpMethod.Post, Book, person.AccessToken, Address(label, isDefault));
        var address = await People.ReadAsync<AddressBody>(created, HttpStatusCode.Created);
        Assert.Equal("DE", address.Country);
        return address;
    }
}
