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
        var key = SigningKey.Create(created);
        var tokenLifetime = TimeSpan.FromMinutes(15);

        Assert.True(key.SignsAt(created.AddDays(89)));
        Assert.False(key.SignsAt(created + SigningKey.SigningPeriod));
        Assert.True(key.PublishedAt(created + SigningKey.SigningPeriod + tokenLifetime, tokenLifetime));
        Assert.False(key.PublishedAt(created + SigningKey.SigningPeriod + tokenLifetime + TimeSpan.FromMinutes(6), tokenLifetime));
    }
}
