namespace Bychefiza.Products.Model;

/// <summary>Amounts are <see cref="decimal"/> in a currency, rounded to that currency's minor unit.</summary>
public static class Money
{
    public const string DefaultCurrency = "USD";

    /// <summary>The currencies the shop prices in, with their ISO 4217 minor units.</summary>
    private static readonly Dictionary<string, int> MinorUnits = new(StringComparer.Ordinal)
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["JPY"] = 0,
    };

    public static IReadOnlyCollection<string> Currencies => MinorUnits.Keys;

    public static bool IsKnown(string? currency) => currency is not null && MinorUnits.ContainsKey(currency);

    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, MinorUnits[currency], MidpointRounding.AwayFromZero);

    /// <summary>True when <paramref name="amount"/> has no more decimals than the currency has minor units.</summary>
    public static bool FitsMinorUnit(decimal amount, string currency) => Round(amount, currency) == amount;
}
