namespace Bychefiza.Users.Model;

/// <summary>The lengths the API checks and the columns hold.</summary>
public static class ProfileLimits
{
    public const int DisplayName = 100;
    public const int Bio = 500;
}
