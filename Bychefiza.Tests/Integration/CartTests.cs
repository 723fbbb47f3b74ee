using System.Net;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>The cart kept on the account: saved whole, merged with a guest's cart on sign-in, nobody else's.</summary>
[Collection(GraphCollection.Name)]
public sealed class CartTests(GraphFixture fixture)
{
    private const string MyCart = "/api/users/me/cart";

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task A_saved_cart_comes_back_from_another_session_and_a_guest_cart_merges_into_it_once()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        Guid kettle = Guid.NewGuid(), teapot = Guid.NewGuid(), cups = Guid.NewGuid();

        using var saved = await Accounts.SendAsync(gateway, HttpMethod.Put, MyCart, person.AccessToken, Lines((kettle, 1), (teapot, 3)));
        var otherSession = await Accounts.SignInAsync(gateway, person.Email);
        var fromOtherSession = await People.GetAsync<CartBody>(gateway, MyCart, otherSession.AccessToken);
        var guestCart = Lines((cups, 2), (kettle, 2));
        using var merged = await Accounts.SendAsync(gateway, HttpMethod.Post, $"{MyCart}/merge", otherSession.AccessToken, guestCart);
        using var mergedAgain = await Accounts.SendAsync(gateway, HttpMethod.Post, $"{MyCart}/merge", person.AccessToken, guestCart);
        using var cleared = await Accounts.SendAsync(gateway, HttpMethod.Delete, MyCart, person.AccessToken);
        var afterClear = await People.GetAsync<CartBody>(gateway, MyCart, person.AccessToken);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal([new(kettle, 1), new(teapot, 3)], fromOtherSession.Lines);
        CartLineBody[] expected = [new(kettle, 2), new(teapot, 3), new(cups, 2)];
        Assert.Equal(expected, (await People.ReadAsync<CartBody>(merged, HttpStatusCode.OK)).Lines);
        Assert.Equal(expected, (await People.ReadAsync<CartBody>(mergedAgain, HttpStatusCode.OK)).Lines);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(afterClear.Lines);
    }

    [Fact]
    public async Task A_bad_cart_gets_field_errors_and_changes_nothing_and_carts_are_per_person()
    {
        using var gateway = Graph.Client("gateway");
        var owner = await People.RegisteredAsync(gateway);
        var stranger = await People.RegisteredAsync(gateway);
        var kettle = Guid.NewGuid();
        using var saved = await Accounts.SendAsync(gateway, HttpMethod.Put, MyCart, owner.AccessToken, Lines((kettle, 1)));

        using var bad = await Accounts.SendAsync(gateway, HttpMethod.Put, MyCart, owner.AccessToken, new
        {
            lines = new object?[] { new { productId = kettle, quantity = 0 }, new { productId = kettle, quantity = 2 }, new { quantity = 1 }, null },
        });
        var problem = await People.ReadAsync<ProblemBody>(bad, HttpStatusCode.BadRequest);
        using var tooMany = await Accounts.SendAsync(gateway, HttpMethod.Put, MyCart, owner.AccessToken,
            Lines([.. Enumerable.Range(0, 101).Select(_ => (Guid.NewGuid(), 1))]));
        using var anonymous = await Accounts.SendAsync(gateway, HttpMethod.Get, MyCart, accessToken: null);
        var strangers = await People.GetAsync<CartBody>(gateway, MyCart, stranger.AccessToken);
        var owners = await People.GetAsync<CartBody>(gateway, MyCart, owner.AccessToken);

        Assert.Equal(
            ["lines[0].quantity", "lines[1].productId", "lines[2].productId", "lines[3].productId", "lines[3].quantity"],
            problem.Errors!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(strangers.Lines);
        Assert.Equal([new(kettle, 1)], owners.Lines);
    }

    private static object Lines(params (Guid ProductId, int Quantity)[] lines) =>
        new { lines = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }) };
}
