using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Bychefiza.Messaging;
using Bychefiza.Messaging.Broker;
using Bychefiza.Messaging.Events;
using Bychefiza.Tests.Support;
using Npgsql;
using RabbitMQ.Client;

namespace Bychefiza.Tests.Integration;

/// <summary>Events leave a service through its outbox: committed with the change, published with a confirm, marked sent.</summary>
[Collection(GraphCollection.Name)]
public sealed class PublishedEventTests(GraphFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registration_publishes_UserRegistered_in_the_callers_trace_and_marks_it_sent()
    {
        await using var broker = await Broker.ConnectAsync(fixture.Graph, Cancellation);
        var queue = await broker.SubscribeAsync("user.registered", Cancellation);
        var traceId = ActivityTraceId.CreateRandom();
        using var gateway = fixture.Graph.Client("gateway");
        gateway.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var email = Accounts.NewEmail();

        using var registered = await Accounts.RegisterAsync(gateway, email, displayName: "Event Shopper");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var userId = (await registered.Content.ReadFromJsonAsync<RegisterBody>(Cancellation))!.UserId;

        // Other tests register users at the same time: wait for this user's event, skipping theirs.
        var (message, published) = await Poll.UntilAsync(
            async () => await NextFor(broker, queue, userId),
            found => found.Event is not null,
            Deadline,
            $"a user.registered message for {userId}");

        Assert.Equal(email, published!.Email);
        Assert.Equal("Event Shopper", published.DisplayName);
        Assert.Equal(published.Id.ToString(), message!.BasicProperties.MessageId);
        Assert.Equal("user.registered", message.BasicProperties.Type);
        Assert.Equal("application/json", message.BasicProperties.ContentType);
        Assert.Equal(DeliveryModes.Persistent, message.BasicProperties.DeliveryMode);
        Assert.Contains(traceId.ToString(), EventMessage.TraceParent(message.BasicProperties), StringComparison.Ordinal);
        Assert.Contains(traceId.ToString(), published.TraceParent, StringComparison.Ordinal);

        var row = await Poll.UntilAsync(() => OutboxRowAsync(published.Id), r => r.SentAt is not null, Deadline, "the outbox row marked sent");
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task A_refused_registration_publishes_nothing()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, _) = await Accounts.SignedInCustomerAsync(gateway);
        await using var broker = await Broker.ConnectAsync(fixture.Graph, Cancellation);

        using var duplicate = await Accounts.RegisterAsync(gateway, email, displayName: "Someone Else");

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(1, await OutboxRowsForAsync(email));
    }

    [Fact]
    public async Task An_account_opened_by_an_external_sign_in_is_registered_once()
    {
        var person = FakeIdentityProvider.NewPerson();
        var start = new Uri(fixture.Graph.Endpoint("gateway"), "/api/auth/external/corp");

        fixture.Graph.IdentityProvider.NextPerson = person;
        var first = BrowserRedirects.Fragment(await BrowserRedirects.FollowAsync(start, stopAt: fixture.Graph.Endpoint("web")));
        fixture.Graph.IdentityProvider.NextPerson = person;
        var second = BrowserRedirects.Fragment(await BrowserRedirects.FollowAsync(start, stopAt: fixture.Graph.Endpoint("web")));

        Assert.True(first.ContainsKey("code") && second.ContainsKey("code"));
        Assert.Equal(1, await OutboxRowsForAsync(person.Email));
    }

    private sealed record RegisterBody(Guid UserId);

    private sealed record OutboxRow(DateTimeOffset? SentAt, int Attempts, string? LastError);

    private static async Task<(BasicGetResult? Message, UserRegistered? Event)> NextFor(Broker broker, string queue, Guid userId)
    {
        while (await broker.GetAsync(queue, Cancellation) is { } message)
        {
            if (EventJson.Deserialize(typeof(UserRegistered), message.Body.Span) is UserRegistered registered && registered.UserId == userId)
            {
                return (message, registered);
            }
        }
        return (null, null);
    }

    private async Task<OutboxRow> OutboxRowAsync(Guid eventId)
    {
        await using var connection = await OpenAuthDbAsync();
        await using var command = new NpgsqlCommand("""SELECT "SentAt", "Attempts", "LastError" FROM "OutboxMessages" WHERE "Id" = $1""", connection)
        {
            Parameters = { new() { Value = eventId } },
        };
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation), $"authdb has no outbox row for event {eventId}");
        return new OutboxRow(
            reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
            reader.GetInt32(1),
            reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    private async Task<long> OutboxRowsForAsync(string email)
    {
        await using var connection = await OpenAuthDbAsync();
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "OutboxMessages" WHERE "Payload" ->> 'email' = $1""", connection)
        {
            Parameters = { new() { Value = email } },
        };
        return (long)(await command.ExecuteScalarAsync(Cancellation))!;
    }

    private Task<NpgsqlConnection> OpenAuthDbAsync() => fixture.Graph.OpenDatabaseAsync("authdb", Cancellation);
}
