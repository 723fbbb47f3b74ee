using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

[Collection(GraphCollection.Name)]
public sealed class AuthTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Register_sign_in_read_me_refresh_and_log_out()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var email = Accounts.NewEmail();

        using var registered = await Accounts.RegisterAsync(gateway, email, displayName: "Ada Shopper");
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var userId = (await registered.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("userId").GetGuid();

        var tokens = await Accounts.SignInAsync(gateway, email);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(900, tokens.ExpiresIn);

        using var me = await Accounts.MeAsync(gateway, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var profile = (await me.Content.ReadFromJsonAsync<MeResponse>(Cancellation))!;
        Assert.Equal(userId, profile.UserId);
        Assert.Equal(email, profile.Email);
        Assert.Equal("Ada Shopper", profile.DisplayName);
        Assert.Equal(["customer"], profile.Roles);
        Assert.False(profile.EmailVerified);

        using var refreshed = await Accounts.RefreshAsync(gateway, tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = (await refreshed.Content.ReadFromJsonAsync<TokenPairResponse>(Cancellation))!;
        Assert.NotEqual(tokens.RefreshToken, next.RefreshToken);
        using (var meAgain = await Accounts.MeAsync(gateway, next.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, meAgain.StatusCode);
        }

        using var logout = await gateway.PostAsJsonAsync("/api/auth/logout", new { refreshToken = next.RefreshToken }, Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var afterLogout = await Accounts.RefreshAsync(gateway, next.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Fact]
    public async Task Replaying_a_used_refresh_token_after_the_grace_window_revokes_the_whole_family()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        using var rotated = await Accounts.RefreshAsync(gateway, tokens.RefreshToken);
        var successor = (await rotated.Content.ReadFromJsonAsync<TokenPairResponse>(Cancellation))!;

        // Within the grace window a second refresh of the same token is a race between two tabs and
        // succeeds; once it has passed, the same request is a replay and is refused.
        await Poll.UntilAsync(async () =>
            {
                using var replay = await Accounts.RefreshAsync(gateway, tokens.RefreshToken);
                return replay.StatusCode;
            },
            status => status == HttpStatusCode.Unauthorized,
            TestGraph.RefreshReuseGrace + TimeSpan.FromSeconds(10),
            "refused as a replay");

        using var successorAfterReplay = await Accounts.RefreshAsync(gateway, successor.RefreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, successorAfterReplay.StatusCode);
    }

    [Fact]
    public async Task Two_refreshes_racing_with_one_token_both_get_a_pair()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (_, tokens) = await Accounts.SignedInCustomerAsync(gateway);

        var responses = await Task.WhenAll(Accounts.RefreshAsync(gateway, tokens.RefreshToken), Accounts.RefreshAsync(gateway, tokens.RefreshToken));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_is_a_conflict()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var email = Accounts.NewEmail();
        using var first = await Accounts.RegisterAsync(gateway, email);

        using var second = await Accounts.RegisterAsync(gateway, email.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-an-email", Accounts.Password, "Someone", "email")]
    [InlineData("name@localhost", Accounts.Password, "Someone", "email")]
    [InlineData(null, Accounts.Password, "Someone", "email")]
    [InlineData("ok@example.com", "short", "Someone", "password")]
    [InlineData("ok@example.com", "1234567890", "Someone", "password")]
    [InlineData("ok@example.com", "qwertyuiop", "Someone", "password")]
    [InlineData("ok@example.com", Accounts.Password, "", "displayName")]
    public async Task Bad_registrations_get_field_errors_and_create_nothing(string? email, string password, string displayName, string field)
    {
        using var gateway = fixture.Graph.Client("gateway");
        var unique = email?.Replace("ok@", $"ok-{Guid.NewGuid():N}@", StringComparison.Ordinal);

        using var response = await gateway.PostAsJsonAsync("/api/auth/register", new { email = unique, password, displayName }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEqual(0, messages.GetArrayLength());
        if (unique is not null && field != "email")
        {
            using var login = await Accounts.LoginAsync(gateway, unique, password);
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, _) = await Accounts.SignedInCustomerAsync(gateway);

        using var wrongPassword = await Accounts.LoginAsync(gateway, email, "not the password at all");
        using var unknownEmail = await Accounts.LoginAsync(gateway, Accounts.NewEmail(), "not the password at all");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownEmail.StatusCode);
        var first = await wrongPassword.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        var second = await unknownEmail.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(first.GetProperty("title").GetString(), second.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_for_fifteen_minutes_but_leave_its_sessions_alone()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, session) = await Accounts.SignedInCustomerAsync(gateway);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await Accounts.LoginAsync(gateway, email, "not the password at all");
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        using var locked = await Accounts.LoginAsync(gateway, email); // the right password, too late

        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
        var retryAfter = locked.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalMinutes, 14, 15);
        // Whoever guessed cannot sign the owner out.
        using var refreshed = await Accounts.RefreshAsync(gateway, session.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task The_first_admin_comes_from_the_apphost_parameters()
    {
        using var gateway = fixture.Graph.Client("gateway");

        var tokens = await Accounts.SignInAsync(gateway, fixture.Graph.AdminEmail, fixture.Graph.AdminPassword);
        using var me = await Accounts.MeAsync(gateway, tokens.AccessToken);

        var profile = (await me.Content.ReadFromJsonAsync<MeResponse>(Cancellation))!;
        Assert.Equal(["admin", "customer"], profile.Roles);
        Assert.Equal(["admin", "customer"], Jwt.Payload(tokens.AccessToken).GetProperty("role").EnumerateArray().Select(r => r.GetString()).Order());
    }
}
