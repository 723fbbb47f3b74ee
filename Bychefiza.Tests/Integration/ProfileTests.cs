using System.Net;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>A person's profile and preferences: made from registration, edited by its owner, refused field by field.</summary>
[Collection(GraphCollection.Name)]
public sealed class ProfileTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task Registration_makes_a_profile_with_the_registered_name_and_default_preferences()
    {
        using var gateway = Graph.Client("gateway");

        var person = await People.RegisteredAsync(gateway);
        var profile = await People.ProfileAsync(gateway, person.AccessToken);
        var preferences = await People.GetAsync<PreferencesBody>(gateway, "/api/users/me/preferences", person.AccessToken);

        Assert.Equal((person.Email, "Test Shopper", false), (profile!.Email, profile.DisplayName, profile.HasAvatar));
        Assert.Equal(("USD", "en", false), (preferences.Currency, preferences.Language, preferences.MarketingEmails));
        Assert.Equal(new ChannelBody(InApp: true, Email: true), preferences.Notifications.OrderUpdates);
    }

    [Fact]
    public async Task A_valid_update_is_kept_and_bad_fields_get_field_errors_and_change_nothing()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);

        using var updated = await Accounts.SendAsync(gateway, HttpMethod.Put, "/api/users/me", person.AccessToken,
            new { displayName = "Ada L.", phone = "+4930123456", bio = new string('b', 500), locale = "de-DE", timeZone = "Europe/Berlin" });
        using var refused = await Accounts.SendAsync(gateway, HttpMethod.Put, "/api/users/me", person.AccessToken,
            new { displayName = " ", phone = "030 123456", bio = new string('b', 501), locale = "xx-nowhere", timeZone = "Mars/Olympus_Mons" });
        var problem = await People.ReadAsync<ProblemBody>(refused, HttpStatusCode.BadRequest);
        var profile = await People.ProfileAsync(gateway, person.AccessToken);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["bio", "displayName", "locale", "phone", "timeZone"], problem.Errors!.Keys.Order());
        Assert.Equal(("Ada L.", "+4930123456", 500, "de-DE", "Europe/Berlin"), (profile!.DisplayName, profile.Phone, profile.Bio!.Length, profile.Locale, profile.TimeZone));
    }

    [Fact]
    public async Task Preferences_are_kept_and_bad_ones_get_field_errors()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);

        using var updated = await Accounts.SendAsync(gateway, HttpMethod.Put, "/api/users/me/preferences", person.AccessToken,
            People.Preferences(inApp: false, email: true, currency: "EUR", language: "de-CH"));
        using var refused = await Accounts.SendAsync(gateway, HttpMethod.Put, "/api/users/me/preferences", person.AccessToken,
            new { currency = "EURO", language = "not a language", notifications = new { orderUpdates = new { inApp = true } } });
        var problem = await People.ReadAsync<ProblemBody>(refused, HttpStatusCode.BadRequest);
        var preferences = await People.GetAsync<PreferencesBody>(gateway, "/api/users/me/preferences", person.AccessToken);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["currency", "language", "marketingEmails", "notifications.orderUpdates.email"], problem.Errors!.Keys.Order());
        Assert.Equal(("EUR", "de-CH", new ChannelBody(InApp: false, Email: true)), (preferences.Currency, preferences.Language, preferences.Notifications.OrderUpdates));
    }

    [Fact]
    public async Task Admins_find_people_by_name_or_email_and_customers_are_forbidden()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        var name = $"Searchable {Guid.NewGuid():N}";
        using var renamed = await Accounts.SendAsync(gateway, HttpMethod.Put, "/api/users/me", person.AccessToken, new { displayName = name });
        var admin = await Graph.AdminAccessTokenAsync(gateway);

        var byName = await People.GetAsync<ProfilePageBody>(gateway, $"/api/users?search={Uri.EscapeDataString(name[11..])}", admin);
        var byEmail = await People.GetAsync<ProfilePageBody>(gateway, $"/api/users?search={Uri.EscapeDataString(person.Email.ToUpperInvariant())}&page=1", admin);
        var one = await People.GetAsync<ProfileBody>(gateway, $"/api/users/{person.UserId}", admin);
        using var customerSearch = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/users?search=a", person.AccessToken);
        using var customerRead = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/users/{person.UserId}", person.AccessToken);

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(person.UserId, Assert.Single(byName.Items).UserId);
        Assert.Equal(person.UserId, Assert.Single(byEmail.Items).UserId);
        Assert.Equal((name, person.Email), (one.DisplayName, one.Email));
        Assert.Equal(HttpStatusCode.Forbidden, customerSearch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerRead.StatusCode);
    }
}
