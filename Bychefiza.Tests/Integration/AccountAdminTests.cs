using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

[Collection(GraphCollection.Name)]
public sealed class AccountAdminTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admins_find_accounts_by_part_of_the_email()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, _) = await Accounts.SignedInCustomerAsync(gateway);
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);

        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/auth/users?search={email[9..25]}", admin);

        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(1, page.GetProperty("totalCount").GetInt32());
        var account = page.GetProperty("items")[0];
        Assert.Equal(email, account.GetProperty("email").GetString());
        Assert.Equal("customer", account.GetProperty("roles")[0].GetString());
    }

    [Theory]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?page=0", "page")]
    public async Task Paging_outside_its_bounds_gets_a_field_error(string query, string field)
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);

        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/auth/users{query}", admin);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_role_change_takes_effect_at_the_next_token()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var userId = Jwt.Payload(tokens.AccessToken).GetProperty("sub").GetString();
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);

        using var changed = await Accounts.SendAsync(gateway, HttpMethod.Put, $"/api/auth/users/{userId}/roles", admin, new { roles = new[] { "customer", "admin" } });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        using var withOldToken = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/users", tokens.AccessToken);
        using var refreshed = await Accounts.RefreshAsync(gateway, tokens.RefreshToken);
        var next = (await refreshed.Content.ReadFromJsonAsync<TokenPairResponse>(Cancellation))!;
        using var withNewToken = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/users", next.AccessToken);

        Assert.Equal(HttpStatusCode.Forbidden, withOldToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNewToken.StatusCode);
    }

    [Fact]
    public async Task A_locked_account_cannot_sign_in_or_refresh_until_unlocked()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var userId = Jwt.Payload(tokens.AccessToken).GetProperty("sub").GetString();
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);

        using var locked = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/auth/users/{userId}/lock", admin);
        using var refresh = await Accounts.RefreshAsync(gateway, tokens.RefreshToken);
        using var login = await Accounts.LoginAsync(gateway, email);
        using var listed = await Accounts.SendAsync(gateway, HttpMethod.Get, $"/api/auth/users?search={email}", admin);
        using var unlocked = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/auth/users/{userId}/unlock", admin);
        using var loginAgain = await Accounts.LoginAsync(gateway, email);

        Assert.Equal(HttpStatusCode.NoContent, locked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal((HttpStatusCode)423, login.StatusCode);
        var lockedUntil = (await listed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("items")[0].GetProperty("lockedUntil");
        Assert.Equal(JsonValueKind.String, lockedUntil.ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loginAgain.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_other_sessions_and_keeps_the_caller_signed_in()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        const string newPassword = "An entirely new passphrase";

        using var wrongCurrent = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/change-password", tokens.AccessToken,
            new { currentPassword = "not the password", newPassword });
        using var changed = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/change-password", tokens.AccessToken,
            new { currentPassword = Accounts.Password, newPassword });
        using var oldSession = await Accounts.RefreshAsync(gateway, tokens.RefreshToken);
        using var oldPassword = await Accounts.LoginAsync(gateway, email);
        using var newLogin = await Accounts.LoginAsync(gateway, email, newPassword);

        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);
        Assert.True((await wrongCurrent.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("currentPassword", out _));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newLogin.StatusCode);
    }

    [Fact]
    public async Task Admins_can_neither_drop_their_own_admin_role_nor_lock_themselves()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var adminId = Jwt.Payload(admin).GetProperty("sub").GetString();

        using var demote = await Accounts.SendAsync(gateway, HttpMethod.Put, $"/api/auth/users/{adminId}/roles", admin, new { roles = new[] { "customer" } });
        using var lockSelf = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/auth/users/{adminId}/lock", admin);
        using var stillAdmin = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/auth/users?pageSize=1", await fixture.Graph.AdminAccessTokenAsync(gateway));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, demote.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lockSelf.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillAdmin.StatusCode);
    }

    [Fact]
    public async Task Wrong_current_passwords_at_change_password_count_toward_the_lockout()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var guess = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/change-password", tokens.AccessToken,
                new { currentPassword = $"guess number {attempt}", newPassword = "An entirely new passphrase" });
            Assert.Equal(HttpStatusCode.BadRequest, guess.StatusCode);
        }
        using var rightOneTooLate = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/change-password", tokens.AccessToken,
            new { currentPassword = Accounts.Password, newPassword = "An entirely new passphrase" });
        using var login = await Accounts.LoginAsync(gateway, email);

        Assert.Equal(HttpStatusCode.BadRequest, rightOneTooLate.StatusCode);
        Assert.Equal((HttpStatusCode)423, login.StatusCode);
    }
}
