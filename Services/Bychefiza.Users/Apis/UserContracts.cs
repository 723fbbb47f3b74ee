using Bychefiza.Users.Model;

namespace Bychefiza.Users.Apis;

public sealed record ProfileRequest(string? DisplayName, string? Phone, string? Bio, string? Locale, string? TimeZone);

public sealed record ProfileView(
    Guid UserId, string Email, string DisplayName, string? Phone, string? Bio, string? Locale, string? TimeZone,
    bool HasAvatar, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ProfileView Of(UserProfile profile, bool hasAvatar) => new(
        profile.Id, profile.Email, profile.DisplayName, profile.Phone, profile.Bio, profile.Locale, profile.TimeZone,
        hasAvatar, profile.CreatedAt, profile.UpdatedAt);
}

public sealed record ProfileSummary(Guid UserId, string Email, string DisplayName, DateTimeOffset CreatedAt);

public sealed record ProfilePage(IReadOnlyList<ProfileSummary> Items, int Page, int PageSize, int TotalCount);

public sealed record ChannelRequest(bool? InApp, bool? Email);

public sealed record NotificationChannelsRequest(ChannelRequest? OrderUpdates);

public sealed record PreferencesRequest(string? Currency, string? Language, bool? MarketingEmails, NotificationChannelsRequest? Notifications);

public sealed record NotificationChannelsView(ChannelChoice OrderUpdates);

public sealed record PreferencesView(string Currency, string Language, bool MarketingEmails, NotificationChannelsView Notifications)
{
    public static PreferencesView Of(Preferences preferences) => new(
        preferences.Currency, preferences.Language, preferences.MarketingEmails, new NotificationChannelsView(preferences.OrderUpdates));
}

public sealed record AddressRequest(
    string? Label, string? FullName, string? Line1, string? Line2, string? City, string? PostalCode, string? Country, string? Phone, bool? IsDefaultShipping);

public sealed record AddressView(
    Guid Id, string? Label, string FullName, string Line1, string? Line2, string City, string PostalCode, string Country, string? Phone,
    bool IsDefaultShipping, DateTimeOffset CreatedAt)
{
    public static AddressView Of(Address a) =>
        new(a.Id, a.Label, a.FullName, a.Line1, a.Line2, a.City, a.PostalCode, a.Country, a.Phone, a.IsDefaultShipping, a.CreatedAt);
}

public sealed record NotificationView(Guid Id, string Kind, string Title, string Body, Guid? OrderId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public static NotificationView Of(Notification n) => new(n.Id, n.Kind, n.Title, n.Body, n.OrderId, n.CreatedAt, n.ReadAt);
}

public sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int UnreadCount);

public sealed record DeleteAccountRequest(string? Password);

public sealed record CartLineRequest(Guid? ProductId, int? Quantity);

public sealed record CartRequest(List<CartLineRequest?>? Lines);

public sealed record CartLineView(Guid ProductId, int Quantity);

public sealed record CartView(IReadOnlyList<CartLineView> Lines);
