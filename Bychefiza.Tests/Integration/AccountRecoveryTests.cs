using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

[Collection(GraphCollection.Name)]
public sealed class AccountRecoveryTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private Mailbox Mailbox => fixture.Graph.Mailbox;

    [Fact]
    public async Task Registration_mails_a_verification_link_that_works_once()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var token = await Mailbox.TokenAsync(email, "verify-email");

        using var verified = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token }, Cancellation);
        using var again = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token }, Cancellation);
        using var me = await Accounts.MeAsync(gateway, tokens.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, verified.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.True((await me.Content.ReadFromJsonAsync<MeResponse>(Cancellation))!.EmailVerified);
    }

    [Fact]
    public async Task Forgot_password_answers_alike_for_unknown_and_known_emails_and_mails_only_the_owner()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, _) = await Accounts.SignedInCustomerAsync(gateway);
        var stranger = Accounts.NewEmail();

        using var known = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { email }, Cancellation);
        using var unknown = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { email = stranger }, Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, known.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.NotEmpty(await Mailbox.TokenAsync(email, "reset-password"));
        Assert.Empty(Mailbox.To(stranger));
    }

    [Fact]
    public async Task Resetting_the_password_ends_every_session_and_the_link_works_once()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        using var asked = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { email }, Cancellation);
        var token = await Mailbox.TokenAsync(email, "reset-password");
        const string newPassword = "A reset passphrase that is long";

        using var weak = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "1234567890" }, Cancellation);
        using var reset = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword }, Cancellation);
        using var reused = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword = "Yet another long passphrase" }, Cancellation);
        using var oldSession = await Accounts.RefreshAsync(gateway, tokens.RefreshToken);
        using var oldPassword = await Accounts.LoginAsync(gateway, email);
        using var newLogin = await Accounts.LoginAsync(gateway, email, newPassword);

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode); // and the link stays usable:
        Assert.True((await weak.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newLogin.StatusCode);
    }

    [Fact]
    public async Task A_new_password_voids_every_older_reset_link()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, _) = await Accounts.SignedInCustomerAsync(gateway);
        using var first = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { email }, Cancellation);
        var older = await Mailbox.TokenAsync(email, "reset-password");
        using var second = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { email }, Cancellation);
        var newer = await Poll.UntilAsync(() => Mailbox.TokenAsync(email, "reset-password"), token => token != older, TimeSpan.FromSeconds(60), "a second reset email");

        using var reset = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token = newer, newPassword = "A reset passphrase that is long" }, Cancellation);
        using var stale = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token = older, newPassword = "Another passphrase that is long" }, Cancellation);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
    }

    [Fact]
    public async Task A_reset_does_not_lift_an_admins_lock()
    {
        using var gateway = fixture.Graph.Client("gateway");
        var (email, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var admin = await fixture.Graph.AdminAccessTokenAsync(gateway);
        var userId = Jwt.Payload(tokens.AccessToken).GetProperty("sub").GetString();
        using var locked = await Accounts.SendAsync(gateway, HttpMethod.Post, $"/api/auth/users/{userId}/lock", admin);
        Assert.Equal(HttpStatusCode.NoContent, locked.StatusCode);

        using var asked = await gateway.PostAsJsonAsync("/api/auth/forgot-password", new { email }, Cancellation);
        var token = await Mailbox.TokenAsync(email, "reset-password");
        const string newPassword = "A reset passphrase that is long";
        using var reset = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token, newPassword }, Cancellation);
        using var login = await Accounts.LoginAsync(gateway, email, newPassword);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal((HttpStatusCode)423, login.StatusCode);
    }

    [Fact]
    public async Task A_made_up_token_is_refused()
    {
        using var gateway = fixture.Graph.Client("gateway");

        using var verify = await gateway.PostAsJsonAsync("/api/auth/verify-email", new { token = "not-a-real-token" }, Cancellation);
        using var reset = await gateway.PostAsJsonAsync("/api/auth/reset-password", new { token = "not-a-real-token", newPassword = "A long enough passphrase" }, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, verify.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reset.StatusCode);
    }
}
