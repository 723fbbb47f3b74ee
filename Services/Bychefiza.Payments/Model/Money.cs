using System.Globalization;

namespace Bychefiza.Payments.Model;

/// <summary>Amounts the way providers take them: minor units, or a decimal string with the currency's own decimals.</summary>
public static class Money
{
    // ISO 4217 currencies without a minor unit, as Stripe lists them; PayPal agrees on the ones it supports.
    private static readonly HashSet<string> ZeroDecimal = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    public static int Decimals(string currency) => ZeroDecimal.Contains(currency) ? 0 : 2;

    /// <summary>12.34 USD → 1234; 1234 JPY → 1234.</summary>
    public static long ToMinorUnits(decimal amount, string currency) =>
        (long)decimal.Round(amount * Pow10(Decimals(currency)), 0, MidpointRounding.AwayFromZero);

    public static decimal FromMinorUnits(long minor, string currency) => minor / Pow10(Decimals(currency));

    /// <summary>12.3 USD → "12.30", the form PayPal's <c>value</c> fields take.</summary>
    public static string ToDecimalString(decimal amount, string currency) =>
        decimal.Round(amount, Decimals(currency), MidpointRounding.AwayFromZero).ToString("F" + Decimals(currency), CultureInfo.InvariantCulture);

    /// <summary>A positive amount in a three-letter currency, with no more decimals than the currency has.</summary>
    public static bool IsChargeable(decimal amount, string? currency) =>
        amount > 0
        && currency is { Length: 3 } && currency.All(char.IsAsciiLetter)
        && decimal.Round(amount, Decimals(currency)) == amount;

    private static decimal Pow10(int decimals) => decimals == 0 ? 1m : 100m;
}
