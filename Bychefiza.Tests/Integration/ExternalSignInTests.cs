using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>
/// Sign-in at an external provider, through the gateway, against a stand-in provider on loopback:
/// <c>corp</c> is OpenID Connect, <c>github</c> is GitHub's OAuth and REST API, Google is not configured.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed class ExternalSignInTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private FakeIdentityProvider Provider => fixture.Graph.IdentityProvider;

    [Fact]
    public async Task Only_configured_providers_are_listed_and_routed()
    {
        using var gateway = fixture.Graph.Client("gateway");

        var providers = await gateway.GetFromJsonAsync<JsonElement>("/api/auth/external/providers", Cancellation);
        using var google = await gateway.GetAsync("/api/auth/external/google", Cancellation);

        Assert.Equal(["corp", "github"], providers.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        Assert.Equal("Corp SSO", providers.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "corp").GetProperty("displayName").GetString());
        Assert.Equal(HttpStatusCode.NotFound, google.StatusCode);
    }

    [Theory]
    [InlineData("corp")]
    [InlineData("github")]
    public async Task A_first_sign_in_creates_a_verified_customer_and_its_code_buys_one_token_pair(string provider)
    {
        using var gateway = fixture.Graph.Client("gateway");
        var person = FakeIdentityProvider.NewPerson();
        Provider.NextPerson = person;

        var landing = await SignInAtAsync(provider, "/orders?page=2");

        Assert.Equal($"{fixture.Graph.Endpoint("gateway").GetLeftPart(UriPartial.Authority)}/api/auth/external/{provider}/callback", Provider.LastRedirectUri);
        Assert.Equal("/signin/external", landing.AbsolutePath);
        var outcome = BrowserRedirects.Fragment(landing);
        Assert.Equal("/orders?page=2", outcome["returnUrl"]);

        using var exchanged = await gateway.PostAsJsonAsync("/api/auth/external/exchange", new { code = outcome["code"] }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        var tokens = (await exchanged.Content.ReadFromJsonAsync<TokenPairResponse>(Cancellation))!;
        using var me = await Accounts.MeAsync(gateway, tokens.AccessToken);
        var account = (await me.Content.ReadFromJsonAsync<MeResponse>(Cancellation))!;
        Assert.Equal(person.Email, account.Email);
        Assert.Equal(person.Name, account.DisplayName);
        Assert.True(account.EmailVerified);
        Assert.Equal(["customer"], account.Roles);

        using var replayed = await gateway.PostAsJsonAsync("/api/auth/external/exchange", new { code = outcome["code"] }, Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);

        // The same person again: the linked account, not a new one.
        Provider.NextPerson = person;
        var again = BrowserRedirects.Fragment(await SignInAtAsync(provider, "/"));
        Assert.Equal(account.UserId, (await MeAfterExchangeAsync(gateway, again["code"])).UserId);
    }

    [Fact]
    public async Task A_verified_address_joins_the_account_registered_with_it_and_its_unproven_password_stops_working()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var email = Accounts.NewEmail();
        using var registered = await Accounts.RegisterAsync(gateway, email);
        var userId = (await registered.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("userId").GetGuid();
        Provider.NextPerson = FakeIdentityProvider.NewPerson() with { Email = email };

        var outcome = BrowserRedirects.Fragment(await SignInAtAsync("corp", "/"));
        var account = await MeAfterExchangeAsync(gateway, outcome["code"]);

        Assert.Equal(userId, account.UserId);
        Assert.True(account.EmailVerified);
        using var login = await Accounts.LoginAsync(gateway, email);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task An_address_the_provider_has_not_verified_opens_no_account()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var person = FakeIdentityProvider.NewPerson(emailVerified: false);
        Provider.NextPerson = person;

        var outcome = BrowserRedirects.Fragment(await SignInAtAsync("github", "/"));

        Assert.Equal("email_unverified", outcome["error"]);
        Assert.False(outcome.ContainsKey("code"));
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        using var search = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/auth/users?search={Uri.EscapeDataString(person.Email)}", admin);
        Assert.Equal(0, (await search.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task The_key_ring_that_protects_the_sign_in_state_is_shared_through_authdb()
    {
        Provider.NextPerson = FakeIdentityProvider.NewPerson();
        Assert.True(BrowserRedirects.Fragment(await SignInAtAsync("corp", "/")).ContainsKey("code"));

        // Every replica reads this ring, so the provider's callback may land on any of them.
        await using var authDb = await fixture.Graph.OpenDatabaseAsync("authdb", Cancellation);
        await using var count = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM "DataProtectionKeys" WHERE "Xml" LIKE '%<key %'""", authDb);
        Assert.True((long)(await count.ExecuteScalarAsync(Cancellation))! >= 1);
    }

    [Fact]
    public async Task Cancelling_at_the_provider_lands_back_at_the_shop_with_an_error()
    {
        Provider.NextPerson = null;

        var outcome = BrowserRedirects.Fragment(await SignInAtAsync("corp", "/"));

        Assert.Equal("provider_failed", outcome["error"]);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task A_return_address_off_the_shop_is_refused(string returnUrl)
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var response = await gateway.GetAsync($"/api/auth/external/corp?returnUrl={Uri.EscapeDataString(returnUrl)}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("returnUrl", out _));
    }

    private Task<Uri> SignInAtAsync(string provider, string returnUrl) => BrowserRedirects.FollowAsync(
        new Uri(fixture.Graph.Endpoint("gateway"), $"/api/auth/external/{provider}?returnUrl={Uri.EscapeDataString(returnUrl)}"),
        stopAt: fixture.Graph.Endpoint("web"));

    private static async Task<MeResponse> MeAfterExchangeAsync(HttpClient gateway, string code)
    {
        using var exchanged = await gateway.PostAsJsonAsync("/api/auth/external/exchange", new { code }, Cancellation);
        exchanged.EnsureSuccessStatusCode();
        var tokens = (await exchanged.Content.ReadFromJsonAsync<TokenPairResponse>(Cancellation))!;
        using var me = await Accounts.MeAsync(gateway, tokens.AccessToken);
        return (await me.Content.ReadFromJsonAsync<MeResponse>(Cancellation))!;
    }
}
