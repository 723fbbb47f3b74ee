using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Security;

/// <summary>
/// Who calls in the security tests, and what customer A owns: an address, an avatar, a paid order with
/// its payment and notification. B is another customer; Victim is the account the admin locks and
/// re-roles; the product and category are the admin's to change.
/// </summary>
public sealed record Cast(
    string AdminToken, Person A, Person B, Guid Victim,
    Guid AddressOfA, Guid OrderOfA, Guid PaymentOfA, Guid NotificationOfA,
    Guid Product, int Category)
{
    public static object AddressBody(string line1 = "Hauptstraße 1") =>
        new { label = "Home", fullName = "Ada Lovelace", line1, city = "Berlin", postalCode = "10115", country = "DE", isDefaultShipping = true };

    public static async Task<Cast> AssembleAsync(TestGraph graph, HttpClient gateway)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var admin = await graph.AdminAccessTokenAsync(gateway);
        var a = await People.RegisteredAsync(gateway);
        var b = await People.RegisteredAsync(gateway);
        var victim = await Checkout.ShopperAsync(gateway);

        using var address = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/users/me/addresses", a.AccessToken, AddressBody());
        var addressId = (await People.ReadAsync<AddressBody>(address, HttpStatusCode.Created)).Id;
        using (var avatar = await People.UploadAvatarAsync(gateway, a.AccessToken, People.Png(), "me.png", "image/png"))
        {
            Assert.True(avatar.IsSuccessStatusCode, $"avatar upload: {(int)avatar.StatusCode}");
        }

        await using var productDb = await graph.OpenDatabaseAsync("productdb", cancellation);
        var placed = await Shop.OrderAsync(gateway, a.AccessToken, "tok_visa", (await Shop.ProductAsync(productDb, stock: 5), 1));
        await Shop.UntilStatusAsync(gateway, a.AccessToken, placed.Id, "Paid");
        var payment = await Poll.UntilAsync(
            async () => (await Checkout.GetAsync<PaymentPageBody>(gateway, "/api/payments", a.AccessToken)).Body?.Items.FirstOrDefault(p => p.OrderId == placed.Id),
            p => p is not null, Shop.Settles, "A's payment");
        var notification = await Poll.UntilAsync(
            () => People.NotificationsAsync(gateway, a), n => n.Length > 0, People.Settles, "A's notification");

        using var shelf = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/categories", admin,
            new { name = "Security Shelf", slug = $"sec-{Guid.NewGuid():N}"[..20] });
        var category = (await People.ReadAsync<JsonElement>(shelf, HttpStatusCode.Created)).GetProperty("id").GetInt32();

        return new Cast(
            admin, a, b, victim.UserId, addressId, placed.Id, payment!.Id, notification[0].Id,
            await Shop.ProductAsync(productDb, stock: 5), category);
    }
}
