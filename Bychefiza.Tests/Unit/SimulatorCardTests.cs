using Bychefiza.Payments.Apis;
using Bychefiza.Payments.Providers;

namespace Bychefiza.Tests.Unit;

public sealed class SimulatorCardTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("4242424242424242", "tok_visa")]
    [InlineData("4242 4242 4242 4242", "tok_visa")]
    [InlineData("4000000000000002", "tok_chargeDeclined")]
    [InlineData("4000000000009995", "tok_insufficientFunds")]
    [InlineData("4000000000000119", "tok_processingError")]
    [InlineData("5555555555554444", "tok_mastercard")]
    public void Test_card_numbers_map_to_the_tokens_Stripe_gives_them(string number, string token)
    {
        Assert.Empty(SimulatorCardValidation.Validate(new CardDetails(number, 12, 2030, "123"), Now));
        Assert.Equal(token, SimulatorCards.ByNumber(SimulatorCards.Digits(number)!)!.Token);
    }

    [Theory]
    [InlineData("4242424242424242", true)]
    [InlineData("378282246310005", true)]
    [InlineData("4242424242424241", false)]
    [InlineData("4000000000000003", false)]
    [InlineData("42424242", false)]
    public void The_Luhn_checksum_catches_a_mistyped_digit(string digits, bool valid) =>
        Assert.Equal(valid, SimulatorCards.PassesLuhn(digits));

    [Theory]
    [InlineData("tok_visa", null)]
    [InlineData("tok_mastercard", null)]
    [InlineData("tok_chargeDeclined", "card_declined")]
    [InlineData("tok_insufficientFunds", "insufficient_funds")]
    [InlineData("tok_made_up", "invalid_token")]
    public void Tokens_decide_the_simulated_outcome(string token, string? declineCode)
    {
        var behaviour = SimulatorCards.BehaviourOf(token);

        Assert.Equal(declineCode, (behaviour as SimulatedBehaviour.Declines)?.Code);
        Assert.Equal(declineCode is null, behaviour is SimulatedBehaviour.Succeeds);
    }

    [Fact]
    public void A_processing_error_token_fails_once_then_succeeds() =>
        Assert.IsType<SimulatedBehaviour.FailsOnce>(SimulatorCards.BehaviourOf("tok_processingError"));

    [Theory]
    [InlineData("4242424242424241", 12, 2030, "123", "number")]
    [InlineData("4111 1111 1111 1111", 12, 2030, "123", "number")]
    [InlineData("4242abcd42424242", 12, 2030, "123", "number")]
    [InlineData(null, 12, 2030, "123", "number")]
    [InlineData("4242424242424242", 13, 2030, "123", "expMonth")]
    [InlineData("4242424242424242", 10, 2026, "123", "expYear")]
    [InlineData("4242424242424242", 12, 2025, "123", "expYear")]
    [InlineData("4242424242424242", 12, 2030, "12", "cvc")]
    [InlineData("4242424242424242", 12, 2030, "12a", "cvc")]
    [InlineData("4242424242424242", 12, 2030, "12345", "cvc")]
    public void A_card_that_is_not_valid_gets_a_field_error(string? number, int month, int year, string cvc, string field)
    {
        var errors = SimulatorCardValidation.Validate(new CardDetails(number, month, year, cvc), Now);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_card_is_valid_through_its_expiry_month_and_two_digit_years_are_this_century()
    {
        Assert.Empty(SimulatorCardValidation.Validate(new CardDetails("4242424242424242", 11, 2026, "123"), Now));
        Assert.Empty(SimulatorCardValidation.Validate(new CardDetails("4242424242424242", 11, 26, "1234"), Now));
    }
}
