using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bychefiza.Tests.Support;

public sealed record ProfileBody(
    Guid UserId, string Email, string DisplayName, string? Phone, string? Bio, string? Locale, string? TimeZone, bool HasAvatar);

public sealed record ProfileSummaryBody(Guid UserId, string Email, string DisplayName);

public sealed record ProfilePageBody(ProfileSummaryBody[] Items, int Page, int PageSize, int TotalCount);

public sealed record ChannelBody(bool InApp, bool Email);

public sealed record PreferencesBody(string Currency, string Language, bool MarketingEmails, NotificationChannelsBody Notifications);

public sealed record NotificationChannelsBody(ChannelBody OrderUpdates);

public sealed record AddressBody(
    Guid Id, string? Label, string FullName, string Line1, string? Line2, string City, string PostalCode, string Country, string? Phone, bool IsDefaultShipping);

public sealed record NotificationBody(Guid Id, string Kind, string Title, string Body, Guid? OrderId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationPageBody(NotificationBody[] Items, int UnreadCount);

public sealed record CartLineBody(Guid ProductId, int Quantity);

public sealed record CartBody(CartLineBody[] Lines);

public sealed record ProblemBody(string? Title, int? Status, Dictionary<string, string[]>? Errors);

/// <summary>A registered person whose profile the users service has made.</summary>
public sealed record Person(string Email, string AccessToken, Guid UserId);

/// <summary>People and their profiles, through the gateway.</summary>
public static class People
{
    public static readonly TimeSpan Settles = TimeSpan.FromSeconds(30);

    /// <summary>Registers and signs in a customer, then waits until their profile exists (made from <c>UserRegistered</c>).</summary>
    public static async Task<Person> RegisteredAsync(HttpClient gateway)
    {
        var (email, tokens) = await Accounts.SignedInCustomerAsync(gateway);
        var profile = await Poll.UntilAsync(() => ProfileAsync(gateway, tokens.AccessToken), p => p is not null, Settles, $"a profile for {email}");
        return new Person(email, tokens.AccessToken, profile!.UserId);
    }

    public static async Task<ProfileBody?> ProfileAsync(HttpClient gateway, string accessToken)
    {
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, "/api/users/me", accessToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ProfileBody>(TestContext.Current.CancellationToken) : null;
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(TestContext.Current.CancellationToken))!;
    }

    public static async Task<T> GetAsync<T>(HttpClient gateway, string path, string accessToken)
    {
        using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, path, accessToken);
        return await ReadAsync<T>(response, HttpStatusCode.OK);
    }

    public static async Task<NotificationBody[]> NotificationsAsync(HttpClient gateway, Person person, bool unreadOnly = false) =>
        (await GetAsync<NotificationPageBody>(gateway, $"/api/users/me/notifications?unreadOnly={unreadOnly}", person.AccessToken)).Items;

    public static object Preferences(bool inApp, bool email, string currency = "EUR", string language = "de") =>
        new { currency, language, marketingEmails = false, notifications = new { orderUpdates = new { inApp, email } } };

    /// <summary>Uploads <paramref name="content"/> as the form field <c>file</c> under <paramref name="fileName"/>.</summary>
    public static async Task<HttpResponseMessage> UploadAvatarAsync(HttpClient gateway, string accessToken, byte[] content, string fileName, string contentType)
    {
        using var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/users/me/avatar") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await gateway.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>A PNG as far as its signature and header go, padded to <paramref name="size"/> bytes.</summary>
    public static byte[] Png(int size = 4096)
    {
        byte[] header = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];
        var content = new byte[size];
        Random.Shared.NextBytes(content);
        header.CopyTo(content, 0);
        return content;
    }
}
