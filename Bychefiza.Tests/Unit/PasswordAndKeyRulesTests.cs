using Bychefiza.Auth.Model;

namespace Bychefiza.Tests.Unit;

public sealed class PasswordAndKeyRulesTests
{
    [Theory]
    [InlineData("password", true)]
    [InlineData("1234567890", true)]
    [InlineData("qwertyuiop", true)]
    [InlineData("Correct horse battery staple", false)]
    [InlineData("Tr0ub4dor&3x", false)]
    public void The_bundled_list_holds_the_most_common_passwords(string password, bool common)
    {
        Assert.Equal(common, CommonPasswords.Contains(password));
    }

    [Fact]
    public void A_signing_key_signs_for_its_period_and_stays_published_while_its_tokens_live()
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var key = SigningKey.Create(created, created);
        var tokenLifetime = TimeSpan.FromMinutes(15);

        Assert.True(key.SignsAt(created.AddDays(89)));
        Assert.False(key.SignsAt(created + SigningKey.SigningPeriod));
        Assert.True(key.PublishedAt(created + SigningKey.SigningPeriod + tokenLifetime, tokenLifetime));
        Assert.False(key.PublishedAt(created + SigningKey.SigningPeriod + tokenLifetime + TimeSpan.FromMinutes(6), tokenLifetime));
    }

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lead = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    [Fact]
    public void A_scheduled_rotation_publishes_the_new_key_first_and_keeps_the_old_one_signing_until_then()
    {
        var old = SigningKey.Create(Now.AddDays(-30), Now.AddDays(-30));

        var successor = SigningKey.Rotate([old], Now, Lead, revoke: false);

        Assert.True(successor.PublishedAt(Now, TokenLifetime));
        Assert.False(successor.SignsAt(Now));
        Assert.True(old.SignsAt(Now + Lead - TimeSpan.FromSeconds(1)));
        Assert.False(old.SignsAt(Now + Lead));
        Assert.True(successor.SignsAt(Now + Lead));
        Assert.True(old.PublishedAt(Now + Lead + TokenLifetime, TokenLifetime));
        Assert.False(old.PublishedAt(Now + Lead + TokenLifetime + TimeSpan.FromMinutes(6), TokenLifetime));
    }

    [Fact]
    public void A_revoking_rotation_signs_with_the_new_key_at_once_and_withdraws_every_other()
    {
        var old = SigningKey.Create(Now.AddDays(-30), Now.AddDays(-30));
        var pending = SigningKey.Rotate([old], Now.AddMinutes(-1), Lead, revoke: false);

        var successor = SigningKey.Rotate([old, pending], Now, Lead, revoke: true);

        Assert.True(successor.SignsAt(Now));
        Assert.All([old, pending], key =>
        {
            Assert.Equal(Now, key.RevokedAt);
            Assert.False(key.PublishedAt(Now, TokenLifetime));
            Assert.False(key.SignsAt(Now + Lead));
        });
    }

    [Fact]
    public void Renewal_adds_a_key_that_signs_now_when_none_does()
    {
        var expired = SigningKey.Create(Now.AddDays(-200), Now.AddDays(-200));

        var added = SigningKey.Renewal([expired], Now, Lead);

        Assert.NotNull(added);
        Assert.True(added.SignsAt(Now));
        Assert.NotNull(SigningKey.Renewal([], Now, Lead));
    }

    [Fact]
    public void Renewal_pre_publishes_a_successor_only_in_the_signing_keys_last_week()
    {
        var current = SigningKey.Create(Now.AddDays(-80), Now.AddDays(-80));
        Assert.Null(SigningKey.Renewal([current], Now, Lead));

        var lastWeek = Now.AddDays(5);
        var successor = SigningKey.Renewal([current], lastWeek, Lead);

        Assert.NotNull(successor);
        Assert.False(successor.SignsAt(lastWeek));
        Assert.True(successor.SignsAt(lastWeek + Lead));
        Assert.Null(SigningKey.Renewal([current, successor], lastWeek.AddMinutes(1), Lead));
    }
}
