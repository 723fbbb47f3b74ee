using System.Net;

namespace Bychefiza.Tests.Support;

/// <summary>
/// Follows redirects the way a browser does (cookies per host, one hop at a time) until one leaves for
/// <paramref name="stopAt"/>, and returns that last address: how an external sign-in ends at the shop.
/// </summary>
public static class BrowserRedirects
{
    public static async Task<Uri> FollowAsync(Uri start, Uri stopAt, int maxHops = 8)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        var next = start;
        for (var hop = 0; hop < maxHops; hop++)
        {
            using var response = await browser.GetAsync(next, TestContext.Current.CancellationToken);
            if (response.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect))
            {
                throw new InvalidOperationException($"{next} answered {(int)response.StatusCode} instead of a redirect: {await response.Content.ReadAsStringAsync()}");
            }
            next = new Uri(next, response.Headers.Location!);
            if (next.GetLeftPart(UriPartial.Authority) == stopAt.GetLeftPart(UriPartial.Authority))
            {
                return next;
            }
        }
        throw new InvalidOperationException($"Still redirecting after {maxHops} hops, at {next}");
    }

    /// <summary>The <c>name=value</c> pairs of a URL's fragment.</summary>
    public static Dictionary<string, string> Fragment(Uri uri) =>
        uri.Fragment.TrimStart('#').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : ""));
}
