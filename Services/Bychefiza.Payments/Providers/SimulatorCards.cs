namespace Bychefiza.Payments.Providers;

/// <summary>What the simulator does with a token, chosen the way Stripe's test cards choose it.</summary>
public abstract record SimulatedBehaviour
{
    public sealed record Succeeds : SimulatedBehaviour;

    public sealed record Declines(string Code, string Reason) : SimulatedBehaviour;

    /// <summary>The first attempt of each idempotency key fails transiently; the retry succeeds.</summary>
    public sealed record FailsOnce : SimulatedBehaviour;
}

public sealed record TestCard(string Number, string Token, string Brand);

/// <summary>The simulator's test cards: numbers and tokens as in Stripe's test mode.</summary>
public static class SimulatorCards
{
    public static readonly IReadOnlyList<TestCard> Cards =
    [
        new("4242424242424242", "tok_visa", "visa"),
        new("4000056655665556", "tok_visa_debit", "visa"),
        new("5555555555554444", "tok_mastercard", "mastercard"),
        new("378282246310005", "tok_amex", "amex"),
        new("4000000000000002", "tok_chargeDeclined", "visa"),
        new("4000000000009995", "tok_insufficientFunds", "visa"),
        new("4000000000000119", "tok_processingError", "visa"),
    ];

    public static TestCard? ByNumber(string digits) => Cards.FirstOrDefault(c => c.Number == digits);

    public static SimulatedBehaviour BehaviourOf(string token) => token switch
    {
        "tok_chargeDeclined" => new SimulatedBehaviour.Declines("card_declined", "Your card was declined."),
        "tok_insufficientFunds" => new SimulatedBehaviour.Declines("insufficient_funds", "Your card has insufficient funds."),
        "tok_processingError" => new SimulatedBehaviour.FailsOnce(),
        _ when Cards.Any(c => c.Token == token) => new SimulatedBehaviour.Succeeds(),
        _ => new SimulatedBehaviour.Declines("invalid_token", "The payment token is not one the simulator issued."),
    };

    /// <summary>The digits of a card number typed with spaces or dashes; null when anything else is in it.</summary>
    public static string? Digits(string? number)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }
        var digits = number.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>The Luhn checksum every card number carries; it catches a mistyped digit.</summary>
    public static bool PassesLuhn(string digits)
    {
        if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
