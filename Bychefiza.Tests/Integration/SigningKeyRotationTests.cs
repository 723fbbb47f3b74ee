using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Admins rotate the access-token signing keys: on schedule without signing anyone out, or at once after a leak.</summary>
[Collection(GraphCollection.Name)]
public sealed class SigningKeyRotationTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Customers_cannot_see_or_rotate_the_keys()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        using var list = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/keys", tokens.AccessToken);
        using var rotate = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/keys/rotate", tokens.AccessToken, new { });

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
    }

    [Fact]
    public async Task A_scheduled_rotation_publishes_the_next_key_and_a_revoking_one_ends_every_earlier_token()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, customer) = await Accounts.SignedInCustomerAsync(gateway);
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var oldKey = KeyId(customer.AccessToken);

        // Scheduled: the next key is published now and signs later; tokens keep their key and keep working.
        var scheduled = await RotateAsync(gateway, admin, revokeCurrent: false);
        Assert.Equal("pending", scheduled.GetProperty("status").GetString());
        var nextKey = scheduled.GetProperty("keyId").GetString();
        Assert.Contains(nextKey, await PublishedKeyIdsAsync());
        Assert.Contains(oldKey, await PublishedKeyIdsAsync());
        Assert.Equal(oldKey, KeyId((await Accounts.SignInAsync(gateway, email)).AccessToken));
        using (var stillValid = await Accounts.MeAsync(gateway, customer.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        }

        // Revoking: a new key signs at once; the old and the pending one leave the JWKS and their tokens stop working.
        var revoking = await RotateAsync(gateway, admin, revokeCurrent: true);
        Assert.Equal("signing", revoking.GetProperty("status").GetString());
        var published = await PublishedKeyIdsAsync();
        Assert.Equal([revoking.GetProperty("keyId").GetString()], published);
        foreach (var entrance in new[] { "gateway", "auth" })
        {
            using var client = fixture.Graph.Client(entrance);
            using var refused = await Accounts.MeAsync(client, customer.AccessToken);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var fresh = await Accounts.SignInAsync(gateway, email);
        Assert.Equal(revoking.GetProperty("keyId").GetString(), KeyId(fresh.AccessToken));
        // The gateway looks up a kid it has not seen, at most every 30 s.
        await Poll.UntilAsync(
            async () => { using var me = await Accounts.MeAsync(gateway, fresh.AccessToken); return me.StatusCode; },
            status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "the gateway accepting the new key");

        using var list = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/keys", await fixture.Graph.AdminAccessTokenAsync(gateway));
        var statuses = (await list.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray()
            .ToDictionary(k => k.GetProperty("keyId").GetString()!, k => k.GetProperty("status").GetString());
        Assert.Equal("revoked", statuses[oldKey]);
        Assert.Equal("revoked", statuses[nextKey!]);
    }

    private static string KeyId(string accessToken) => Jwt.Header(accessToken).GetProperty("kid").GetString()!;

    private static async Task<JsonElement> RotateAsync(HttpClient gateway, string adminToken, bool revokeCurrent)
    {
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/keys/rotate", adminToken, new { revokeCurrent });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private async Task<List<string?>> PublishedKeyIdsAsync()
    {
        using var auth = fixture.Graph.Client("auth");
        var jwks = await auth.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", Cancellation);
        return [.. jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString())];
    }
}
