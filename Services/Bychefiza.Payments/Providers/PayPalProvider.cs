using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bychefiza.Payments.Model;

namespace Bychefiza.Payments.Providers;

/// <summary>
/// Captures a PayPal order the buyer approved (the payment token is its id) and refunds its capture,
/// over PayPal's Orders v2 and Payments v2 REST APIs. <c>PayPal-Request-Id</c> carries the idempotency key.
/// </summary>
public sealed class PayPalProvider(HttpClient http, PayPalOptions options, TimeProvider time) : IPaymentProvider
{
    public const string ProviderName = "PayPal";

    // Renewed this long before PayPal says the token expires, so a request never carries a dying one.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Value, DateTimeOffset RenewAt)? _token;

    public string Name => ProviderName;

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            HttpMethod.Post, $"v2/checkout/orders/{Uri.EscapeDataString(request.Token)}/capture", new { }, request.IdempotencyKey, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var order = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var capture = FirstCapture(order);
            var id = capture?.GetProperty("id").GetString();
            return (capture?.GetProperty("status").GetString(), id) switch
            {
                ("COMPLETED", { } captured) => new ChargeResult.Captured(captured),
                ("PENDING", { } pending) => new ChargeResult.Processing(pending),
                (var status, _) => new ChargeResult.Declined("capture_" + (status ?? "missing").ToLowerInvariant(), $"PayPal's capture ended as {status ?? "nothing"}."),
            };
        }
        var (code, reason) = await ProblemOfAsync(response, cancellationToken);
        return new ChargeResult.Declined(code, reason);
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var body = new { amount = new { value = Money.ToDecimalString(request.Amount, request.Currency), currency_code = request.Currency.ToUpperInvariant() } };
        using var response = await SendAsync(
            HttpMethod.Post, $"v2/payments/captures/{Uri.EscapeDataString(request.ChargeReference)}/refund", body, request.IdempotencyKey, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            var refund = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var status = refund.TryGetProperty("status", out var s) ? s.GetString() : null;
            return status is "COMPLETED" or "PENDING"
                ? new RefundResult.Refunded(refund.GetProperty("id").GetString()!)
                : new RefundResult.Refused("refund_" + (status ?? "missing").ToLowerInvariant(), $"PayPal's refund ended as {status ?? "nothing"}.");
        }
        var (code, reason) = await ProblemOfAsync(response, cancellationToken);
        return new RefundResult.Refused(code, reason);
    }

    /// <summary>
    /// Sends one call; only answers that will not change on a retry come back (2xx, 400, 404, 422).
    /// Anything else throws <see cref="PaymentProviderUnavailableException"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object body, string idempotencyKey, CancellationToken cancellationToken)
    {
        var accessToken = await AccessTokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("PayPal-Request-Id", idempotencyKey);
        request.Headers.Add("Prefer", "return=representation");

        var response = await TransportAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode || response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity)
        {
            return response;
        }
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Revoked or expired early: the next attempt asks for a new token.
            _token = null;
        }
        var status = (int)response.StatusCode;
        response.Dispose();
        throw new PaymentProviderUnavailableException($"PayPal answered {status}; try again later.");
    }

    private async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && time.GetUtcNow() < cached.RenewAt)
        {
            return cached.Value;
        }
        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } fresh && time.GetUtcNow() < fresh.RenewAt)
            {
                return fresh.Value;
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, "v1/oauth2/token"))
            {
                Content = new FormUrlEncodedContent([new("grant_type", "client_credentials")]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ClientId}:{options.ClientSecret}")));
            using var response = await TransportAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new PaymentProviderUnavailableException($"PayPal refused an access token ({(int)response.StatusCode}); check Payments:PayPal credentials.");
            }
            var token = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var lifetime = TimeSpan.FromSeconds(token.GetProperty("expires_in").GetInt32());
            var value = token.GetProperty("access_token").GetString()!;
            _token = (value, time.GetUtcNow() + (lifetime > RenewBefore * 2 ? lifetime - RenewBefore : lifetime / 2));
            return value;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task<HttpResponseMessage> TransportAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            return await http.SendAsync(request, timeout.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new PaymentProviderUnavailableException($"PayPal did not answer ({exception.GetType().Name}); try again later.", exception);
        }
    }

    private Uri BaseUri => new(options.BaseUrl!.TrimEnd('/') + "/");

    private static JsonElement? FirstCapture(JsonElement order) =>
        order.TryGetProperty("purchase_units", out var units) && units.GetArrayLength() > 0
        && units[0].TryGetProperty("payments", out var payments)
        && payments.TryGetProperty("captures", out var captures) && captures.GetArrayLength() > 0
            ? captures[0]
            : null;

    /// <summary>PayPal's error body: <c>details[0].issue</c> (INSTRUMENT_DECLINED…) names the reason best.</summary>
    private static async Task<(string Code, string Reason)> ProblemOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var detail = problem.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array && details.GetArrayLength() > 0
                ? details[0]
                : (JsonElement?)null;
            var issue = detail is { } d && d.TryGetProperty("issue", out var i) ? i.GetString() : null;
            var name = problem.TryGetProperty("name", out var n) ? n.GetString() : null;
            var description = detail is { } dd && dd.TryGetProperty("description", out var desc) ? desc.GetString()
                : problem.TryGetProperty("message", out var m) ? m.GetString() : null;
            return ((issue ?? name ?? $"http_{(int)response.StatusCode}").ToLowerInvariant(), description ?? "PayPal refused the request.");
        }
        catch (JsonException)
        {
            return ($"http_{(int)response.StatusCode}", "PayPal refused the request.");
        }
    }
}
