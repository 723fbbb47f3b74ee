namespace Bychefiza.Users.Model;

/// <summary>
/// What a person tells the shop about themselves, keyed by their account id. Created when auth
/// announces the account (<c>UserRegistered</c>); the email is auth's and only copied here for search and mail.
/// </summary>
public sealed class UserProfile
{
    private UserProfile()
    {
    }

    public Guid Id { get; private init; }

    public string Email { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    /// <summary>E.164, e.g. <c>+4930123456</c>.</summary>
    public string? Phone { get; private set; }

    public string? Bio { get; private set; }

    /// <summary>A BCP 47 culture name, e.g. <c>de-DE</c>.</summary>
    public string? Locale { get; private set; }

    /// <summary>An IANA time zone, e.g. <c>Europe/Berlin</c>.</summary>
    public string? TimeZone { get; private set; }

    public Preferences Preferences { get; private set; } = Preferences.Default;

    public DateTimeOffset CreatedAt { get; private init; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static UserProfile Register(Guid userId, string email, string displayName, DateTimeOffset now) => new()
    {
        Id = userId,
        Email = email,
        DisplayName = displayName,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Replaces what the person may edit; the values were validated by <c>ProfileValidation</c>.</summary>
    public void Update(string displayName, string? phone, string? bio, string? locale, string? timeZone, DateTimeOffset now)
    {
        DisplayName = displayName;
        Phone = phone;
        Bio = bio;
        Locale = locale;
        TimeZone = timeZone;
        UpdatedAt = now;
    }

    public void Prefer(Preferences preferences, DateTimeOffset now)
    {
        Preferences = preferences;
        UpdatedAt = now;
    }
}
