using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace Bychefiza.Auth.External;

/// <summary>GitHub speaks OAuth 2.0 only: the identity comes from its REST API, turned into OpenID Connect claims.</summary>
internal static class GitHubIdentity
{
    public static async Task AddClaimsAsync(OAuthCreatingTicketContext context, string apiUrl)
    {
        var user = await GetAsync(context, $"{apiUrl.TrimEnd('/')}/user");
        var emails = await GetAsync(context, $"{apiUrl.TrimEnd('/')}/user/emails");

        // The primary address, and only if GitHub has verified it.
        var primary = emails.EnumerateArray().FirstOrDefault(e => e.GetProperty("primary").GetBoolean());
        var identity = context.Identity!;
        identity.AddClaim(new Claim("sub", user.GetProperty("id").GetRawText()));
        if (user.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            identity.AddClaim(new Claim("name", name.GetString()!));
        }
        if (primary.ValueKind == JsonValueKind.Object)
        {
            identity.AddClaim(new Claim("email", primary.GetProperty("email").GetString()!));
            identity.AddClaim(new Claim("email_verified", primary.GetProperty("verified").GetBoolean() ? "true" : "false"));
        }
    }

    private static async Task<JsonElement> GetAsync(OAuthCreatingTicketContext context, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Bychefiza", "1.0"));
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(context.HttpContext.RequestAborted);
    }
}
