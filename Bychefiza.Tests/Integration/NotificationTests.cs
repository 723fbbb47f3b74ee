using System.Net;
using Bychefiza.Messaging.Events;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Order updates reach the customer in the app and by email as their preferences say, once per event.</summary>
[Collection(GraphCollection.Name)]
public sealed class NotificationTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task A_paid_order_notifies_in_the_app_and_by_email_and_can_be_marked_read()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        var order = await PaidOrderAsync(gateway, person);

        var notification = await Poll.UntilAsync(
            async () => (await People.NotificationsAsync(gateway, person)).FirstOrDefault(n => n.OrderId == order),
            n => n is not null, Shop.Settles, "an in-app notification of the payment");
        var mail = await Poll.UntilAsync(() => Task.FromResult(OrderMail(person)), m => m.Count > 0, Shop.Settles, "a notification email");
        using var read = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/users/me/notifications/{notification!.Id}/read", person.AccessToken);
        var unread = await People.NotificationsAsync(gateway, person, unreadOnly: true);
        var all = await People.NotificationsAsync(gateway, person);

        Assert.Equal(("order-update", $"Order {order.ToString("N")[..8].ToUpperInvariant()} is paid"), (notification.Kind, notification.Title));
        Assert.Contains(mail, m => m.Subject == notification.Title);
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.DoesNotContain(unread, n => n.Id == notification.Id);
        Assert.NotNull(Assert.Single(all, n => n.Id == notification.Id).ReadAt);
    }

    [Fact]
    public async Task Order_updates_go_only_to_the_channels_the_customer_chose()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        using var chose = await Accounts.SendAsync(gateway, HttpMethod.Put, "/api/users/me/preferences", person.AccessToken, People.Preferences(inApp: false, email: true));
        Assert.Equal(HttpStatusCode.OK, chose.StatusCode);

        var order = await PaidOrderAsync(gateway, person);
        var mail = await Poll.UntilAsync(() => Task.FromResult(OrderMail(person)), m => m.Count > 0, Shop.Settles, "a notification email");

        // The email and the in-app decision were made in one transaction: once the mail is out, the list is final.
        Assert.Contains(order.ToString("N")[..8].ToUpperInvariant(), Assert.Single(mail).Subject, StringComparison.Ordinal);
        Assert.Empty(await People.NotificationsAsync(gateway, person));
    }

    [Fact]
    public async Task An_event_delivered_twice_notifies_once_and_read_all_clears_the_unread_count()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        await using var tap = await EventTap.StartAsync(Graph, "users", "order.status.changed");
        var twice = new OrderStatusChanged(Guid.NewGuid(), person.UserId, "Paid", "Shipped", "Shipped by an admin.", 10m, "USD");
        var after = new OrderStatusChanged(Guid.NewGuid(), person.UserId, "Paid", "Shipped", "Shipped by an admin.", 10m, "USD");

        await tap.PublishAsync(twice);
        await tap.PublishAsync(twice);
        await tap.PublishAsync(after);
        // One consumer takes the queue in order: once the last event is applied, both copies were handled.
        await Poll.UntilAsync(() => People.NotificationsAsync(gateway, person), list => list.Any(n => n.OrderId == after.OrderId), Shop.Settles, "the last event applied");
        await Poll.UntilAsync(() => Task.FromResult(OrderMail(person)), m => m.Count == 2, Shop.Settles, "two emails");
        using var readAll = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/users/me/notifications/read-all", person.AccessToken);
        var page = await People.GetAsync<NotificationPageBody>(gateway, "/api/users/me/notifications", person.AccessToken);

        Assert.Single(page.Items, n => n.OrderId == twice.OrderId);
        Assert.Single(OrderMail(person), m => m.Subject!.Contains(twice.OrderId.ToString("N")[..8].ToUpperInvariant(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NoContent, readAll.StatusCode);
        Assert.Equal(0, page.UnreadCount);
        Assert.All(page.Items, n => Assert.NotNull(n.ReadAt));
    }

    /// <summary>The order updates mailed to the person (registration mailed them a verification link too).</summary>
    private List<MimeKit.MimeMessage> OrderMail(Person person) =>
        [.. Graph.Mailbox.To(person.Email).Where(m => m.Subject?.StartsWith("Order ", StringComparison.Ordinal) == true)];

    private async Task<Guid> PaidOrderAsync(HttpClient gateway, Person person)
    {
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var product = await Shop.ProductAsync(productDb, stock: 2);
        var placed = await Shop.OrderAsync(gateway, person.AccessToken, "tok_visa", (product, 1));
        await Shop.UntilStatusAsync(gateway, person.AccessToken, placed.Id, "Paid");
        return placed.Id;
    }
}
