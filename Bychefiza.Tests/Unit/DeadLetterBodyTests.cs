using System.Text;
using System.Text.Json;
using Bychefiza.Messaging;
using Bychefiza.Messaging.DeadLetters;
// Not the test-local OrderCreated of EventRulesTests.
using Checkout = Bychefiza.Messaging.Events;

namespace Bychefiza.Tests.Unit;

public sealed class DeadLetterBodyTests
{
    [Fact]
    public void A_listed_body_hides_the_payment_token_and_keeps_everything_else()
    {
        var created = new Checkout.OrderCreated(Guid.NewGuid(), Guid.NewGuid(), 12.5m, "EUR", "tok_visa_4242", [new Checkout.OrderedItem(Guid.NewGuid(), "Mug", 2, 6.25m)]);

        var body = DeadLetterBody.Read(Encoding.UTF8.GetBytes(EventJson.Serialize(created)));

        Assert.Equal(DeadLetterBody.Redacted, body.GetProperty("paymentToken").GetString());
        Assert.Equal(created.OrderId, body.GetProperty("orderId").GetGuid());
        Assert.Equal("Mug", body.GetProperty("items")[0].GetProperty("name").GetString());
        Assert.DoesNotContain("tok_visa_4242", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_json_is_shown_as_its_text()
    {
        var body = DeadLetterBody.Read("not json {"u8);

        Assert.Equal(JsonValueKind.String, body.ValueKind);
        Assert.Equal("not json {", body.GetString());
    }
}
