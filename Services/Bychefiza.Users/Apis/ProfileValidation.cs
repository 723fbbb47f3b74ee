using System.Globalization;
using System.Text.RegularExpressions;
using Bychefiza.ServiceDefaults.Validation;
using Bychefiza.Users.Model;

namespace Bychefiza.Users.Apis;

/// <summary>Field errors for profiles, preferences and addresses, named the way the JSON body names them.</summary>
internal static partial class ProfileValidation
{
    // The ISO 4217 codes the platform's cultures know, rather than a list of our own to keep up to date.
    private static readonly HashSet<string> Currencies = [.. CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(culture => new RegionInfo(culture.Name).ISOCurrencySymbol)
        .Where(code => code.Length == 3)];

    public static Dictionary<string, string[]> Profile(ProfileRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        Text(request.DisplayName, "displayName", ProfileLimits.DisplayName, required: true, errors);
        Phone(request.Phone, "phone", errors);
        if (request.Bio is { Length: > ProfileLimits.Bio })
        {
            errors["bio"] = [$"Keep the bio to {ProfileLimits.Bio} characters."];
        }
        if (request.Locale is not null && !IsCulture(request.Locale))
        {
            errors["locale"] = ["Give a locale as a BCP 47 tag, e.g. en-US or de-DE."];
        }
        if (request.TimeZone is not null && (!request.TimeZone.Contains('/', StringComparison.Ordinal) || !TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _)))
        {
            errors["timeZone"] = ["Give an IANA time zone, e.g. Europe/Berlin."];
        }
        return errors;
    }

    public static Dictionary<string, string[]> Preferences(PreferencesRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Currency is null || !Currencies.Contains(request.Currency))
        {
            errors["currency"] = ["Give an ISO 4217 currency code in capitals, e.g. EUR or USD."];
        }
        if (request.Language is null || !IsCulture(request.Language))
        {
            errors["language"] = ["Give a language as a BCP 47 tag, e.g. en or de-CH."];
        }
        if (request.MarketingEmails is null)
        {
            errors["marketingEmails"] = ["Say true or false."];
        }
        var orderUpdates = request.Notifications?.OrderUpdates;
        if (orderUpdates?.InApp is null)
        {
            errors["notifications.orderUpdates.inApp"] = ["Say true or false."];
        }
        if (orderUpdates?.Email is null)
        {
            errors["notifications.orderUpdates.email"] = ["Say true or false."];
        }
        return errors;
    }

    public static Dictionary<string, string[]> Address(AddressRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        Text(request.Label, "label", 50, required: false, errors);
        Text(request.FullName, "fullName", 200, required: true, errors);
        Text(request.Line1, "line1", 200, required: true, errors);
        Text(request.Line2, "line2", 200, required: false, errors);
        Text(request.City, "city", 100, required: true, errors);
        if (string.IsNullOrWhiteSpace(request.PostalCode) || !PostalCode().IsMatch(request.PostalCode))
        {
            errors["postalCode"] = ["Give a postal code of 2 to 12 letters, digits, spaces or dashes."];
        }
        if (request.Country is null || !Countries.IsAssigned(request.Country.ToUpperInvariant()))
        {
            errors["country"] = ["Give the country as its ISO 3166-1 alpha-2 code, e.g. DE or US."];
        }
        Phone(request.Phone, "phone", errors);
        return errors;
    }

    private static void Text(string? value, string field, int maxLength, bool required, Dictionary<string, string[]> errors)
    {
        if (value is null && !required)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl))
        {
            errors[field] = [$"Give 1 to {maxLength} characters."];
        }
    }

    private static void Phone(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is not null && !E164().IsMatch(value))
        {
            errors[field] = ["Give the number in E.164 form: +, the country code, then the number, e.g. +4930123456."];
        }
    }

    private static bool IsCulture(string name)
    {
        if (name.Length is 0 or > 35)
        {
            return false;
        }
        try
        {
            return !CultureInfo.GetCultureInfo(name, predefinedOnly: true).Equals(CultureInfo.InvariantCulture);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$")]
    private static partial Regex PostalCode();
}
