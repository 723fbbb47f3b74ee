using Bychefiza.Auth.Model;

namespace Bychefiza.Tests.Unit;

public sealed class RefreshTokenTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_fresh_token_rotates()
    {
        var (token, _) = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), Issued);

        Assert.Equal(RefreshOutcome.Rotate, token.Redeem(Issued.AddMinutes(5), Grace));
    }

    [Fact]
    public void A_token_replaced_moments_ago_is_a_race_not_a_replay()
    {
        var (token, _) = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), Issued);
        token.MarkReplaced(Issued.AddMinutes(5));

        Assert.Equal(RefreshOutcome.ConcurrentRefresh, token.Redeem(Issued.AddMinutes(5).AddSeconds(3), Grace));
        Assert.Equal(RefreshOutcome.Reuse, token.Redeem(Issued.AddMinutes(5).AddSeconds(11), Grace));
    }

    [Fact]
    public void Replacement_keeps_its_first_time()
    {
        var (token, _) = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), Issued);
        token.MarkReplaced(Issued.AddMinutes(1));
        token.MarkReplaced(Issued.AddMinutes(9)); // the race's second successor must not extend the window

        Assert.Equal(RefreshOutcome.Reuse, token.Redeem(Issued.AddMinutes(9).AddSeconds(1), Grace));
    }

    [Fact]
    public void An_expired_token_is_refused_even_if_unused()
    {
        var (token, _) = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), Issued);

        Assert.Equal(RefreshOutcome.Expired, token.Redeem(Issued + RefreshToken.Lifetime, Grace));
    }

    [Fact]
    public void Revocation_wins_over_every_other_state()
    {
        var (token, _) = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), Issued);
        token.MarkReplaced(Issued.AddMinutes(1));
        token.Revoke(Issued.AddMinutes(1), "logout");

        Assert.Equal(RefreshOutcome.Revoked, token.Redeem(Issued.AddMinutes(1).AddSeconds(1), Grace));
    }

    [Fact]
    public void Only_the_hash_is_kept_and_it_matches_the_secret()
    {
        var (token, secret) = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), Issued);
        var (other, otherSecret) = RefreshToken.Issue(Guid.NewGuid(), Guid.NewGuid(), Issued);

        Assert.Equal(RefreshToken.Hash(secret), token.TokenHash);
        Assert.DoesNotContain(secret, token.TokenHash, StringComparison.Ordinal);
        Assert.NotEqual(secret, otherSecret);
        Assert.NotEqual(token.TokenHash, other.TokenHash);
        Assert.True(secret.Length >= 43, "at least 256 bits of randomness");
    }
}

public sealed class AccountTokenTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AccountTokenPurpose.VerifyEmail, 24)]
    [InlineData(AccountTokenPurpose.ResetPassword, 1)]
    public void Account_tokens_expire_after_their_purpose_lifetime(AccountTokenPurpose purpose, int hours)
    {
        var (token, secret) = AccountToken.Issue(Guid.NewGuid(), purpose, Issued);

        Assert.True(token.UsableAt(Issued.AddHours(hours).AddSeconds(-1)));
        Assert.False(token.UsableAt(Issued.AddHours(hours)));
        Assert.Equal(RefreshToken.Hash(secret), token.TokenHash);
    }
}
