using Bychefiza.Payments.Providers;

namespace Bychefiza.Payments.Apis;

/// <summary>Field errors for a test card, named the way the JSON body names them.</summary>
public static class SimulatorCardValidation
{
    public static Dictionary<string, string[]> Validate(CardDetails card, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var digits = SimulatorCards.Digits(card.Number);
        if (digits is null || !SimulatorCards.PassesLuhn(digits))
        {
            errors["number"] = ["The card number is not valid."];
        }
        else if (SimulatorCards.ByNumber(digits) is null)
        {
            // Like Stripe's test mode: real card numbers are refused.
            errors["number"] = ["Use one of the simulator's test card numbers."];
        }

        if (card.ExpMonth is not (>= 1 and <= 12))
        {
            errors["expMonth"] = ["Give the expiry month, 1 to 12."];
        }
        if (card.ExpYear is not { } year || year < 0 || FullYear(year) > now.Year + 50)
        {
            errors["expYear"] = ["Give the expiry year."];
        }
        else if (card.ExpMonth is >= 1 and <= 12 && (FullYear(year), card.ExpMonth.Value).CompareTo((now.Year, now.Month)) < 0)
        {
            // A card is valid through the last day of its expiry month.
            errors["expYear"] = ["The card has expired."];
        }

        if (card.Cvc is not { Length: 3 or 4 } cvc || !cvc.All(char.IsAsciiDigit))
        {
            errors["cvc"] = ["Give the 3 or 4 digits of the security code."];
        }
        return errors;
    }

    /// <summary>Two-digit years, as typed on most forms, are this century's.</summary>
    public static int FullYear(int year) => year < 100 ? 2000 + year : year;
}
