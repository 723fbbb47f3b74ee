using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Bychefiza.Tests.Support;

public sealed record TokenPairResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

public sealed record MeResponse(Guid UserId, string Email, string DisplayName, string[] Roles, bool EmailVerified);

/// <summary>Accounts made through the public API, each with an address of its own so tests stay independent.</summary>
public static class Accounts
{
    public const string Password = "Correct horse battery staple";

    public static string NewEmail() => $"shopper-{Guid.NewGuid():N}@example.com";

    public static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password = Password, string displayName = "Test Shopper") =>
        client.PostAsJsonAsync("/api/auth/register", new { email, password, displayName }, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password = Password) =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password }, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, TestContext.Current.CancellationToken);

    /// <summary>Registers a new customer and signs in.</summary>
    public static async Task<(string Email, TokenPairResponse Tokens)> SignedInCustomerAsync(HttpClient client)
    {
        var email = NewEmail();
        using var registered = await RegisterAsync(client, email);
        registered.EnsureSuccessStatusCode();
        return (email, await SignInAsync(client, email));
    }

    public static async Task<TokenPairResponse> SignInAsync(HttpClient client, string email, string password = Password)
    {
        using var login = await LoginAsync(client, email, password);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<TokenPairResponse>(TestContext.Current.CancellationToken))!;
    }

    public static Task<HttpResponseMessage> MeAsync(HttpClient client, string accessToken) =>
        SendAsync(client, HttpMethod.Get, "/api/auth/me", accessToken);

    /// <summary>A request with a bearer token (or none) and an optional JSON body.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? accessToken, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
