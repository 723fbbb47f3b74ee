using System.Net;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Closing an account: the password is asked again, the users service forgets the person, auth stops them signing in, orders forget who they were.</summary>
[Collection(GraphCollection.Name)]
public sealed class AccountDeletionTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task A_wrong_password_closes_nothing()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);

        using var refused = await Accounts.SendAsync(gateway, HttpMethod.Delete, "/api/users/me", person.AccessToken, new { password = "not my password at all" });
        var problem = await People.ReadAsync<ProblemBody>(refused, HttpStatusCode.BadRequest);
        using var withoutPassword = await Accounts.SendAsync(gateway, HttpMethod.Delete, "/api/users/me", person.AccessToken, new { });

        Assert.Equal(["password"], problem.Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, withoutPassword.StatusCode);
        Assert.NotNull(await People.ProfileAsync(gateway, person.AccessToken));
        Assert.NotEmpty((await Accounts.SignInAsync(gateway, person.Email)).AccessToken);
    }

    [Fact]
    public async Task Closing_the_account_removes_the_profile_and_its_data_stops_sign_in_and_anonymises_the_orders()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        using var address = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/users/me/addresses", person.AccessToken,
            new { fullName = "Ada Lovelace", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "DE" });
        using var avatar = await People.UploadAvatarAsync(gateway, person.AccessToken, People.Png(), "me.png", "image/png");
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 1);
        var order = await Shop.OrderAsync(gateway, person.AccessToken, "tok_visa", (product, 1));
        await Shop.UntilStatusAsync(gateway, person.AccessToken, order.Id, "Paid");
        await Poll.UntilAsync(() => People.NotificationsAsync(gateway, person), list => list.Length > 0, Shop.Settles, "a notification");
        var admin = await Graph.AdminAccessTokenAsync(gateway);

        using var closed = await Accounts.SendAsync(gateway, HttpMethod.Delete, "/api/users/me", person.AccessToken, new { password = Accounts.Password });
        using var profile = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/users/me", person.AccessToken);
        using var picture = await gateway.GetAsync($"/api/users/{person.UserId}/avatar", Cancellation);
        using var adminRead = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/users/{person.UserId}", admin);
        // Polled in authdb rather than by signing in again and again, which the per-email rate limit would stop.
        await Poll.UntilAsync(() => LockedInAuthAsync(person.UserId), locked => locked, People.Settles, "the account disabled in auth");
        using var signIn = await Accounts.LoginAsync(gateway, person.Email);
        var anonymised = await Poll.UntilAsync(
            () => People.GetAsync<OrderResponse>(gateway, $"/api/orders/admin/{order.Id}", admin), o => o.CustomerId != person.UserId, People.Settles, "the order anonymised");
        var stillTheirs = await People.GetAsync<OrderPageResponse>(gateway, $"/api/orders/admin?customerId={person.UserId}", admin);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.NoContent), (address.StatusCode, avatar.StatusCode));
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, profile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, picture.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, adminRead.StatusCode);
        Assert.Equal(0, await RowsAsync(person.UserId));
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Equal(("Paid", order.Total), (anonymised.Status, anonymised.Total));
        Assert.NotEqual(Guid.Empty, anonymised.CustomerId);
        Assert.Equal(0, stillTheirs.TotalCount);
    }

    private async Task<bool> LockedInAuthAsync(Guid userId)
    {
        await using var authDb = await Graph.OpenDatabaseAsync("authdb", Cancellation);
        await using var locked = new Npgsql.NpgsqlCommand("""SELECT "LockoutEnd" > now() FROM "AspNetUsers" WHERE "Id" = $1""", authDb)
        {
            Parameters = { new() { Value = userId } },
        };
        return await locked.ExecuteScalarAsync(Cancellation) is true;
    }

    /// <summary>What userdb still holds about the person, in every table that names them.</summary>
    private async Task<long> RowsAsync(Guid userId)
    {
        await using var userDb = await Graph.OpenDatabaseAsync("userdb", Cancellation);
        await using var count = new Npgsql.NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM "Profiles" WHERE "Id" = $1) + (SELECT count(*) FROM "Addresses" WHERE "UserId" = $1)
                 + (SELECT count(*) FROM "Avatars" WHERE "UserId" = $1) + (SELECT count(*) FROM "Notifications" WHERE "UserId" = $1)
            """, userDb)
        {
            Parameters = { new() { Value = userId } },
        };
        return (long)(await count.ExecuteScalarAsync(Cancellation))!;
    }
}
