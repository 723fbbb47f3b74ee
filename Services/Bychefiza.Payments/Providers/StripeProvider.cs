using System.Net;
using Bychefiza.Payments.Model;
using Stripe;

namespace Bychefiza.Payments.Providers;

/// <summary>
/// Charges through Stripe: a PaymentIntent created and confirmed in one call with the token as its card,
/// refunds through the Refunds API; both with the order's idempotency key, so Stripe replays its first
/// answer to a retry.
/// </summary>
public sealed class StripeProvider(IStripeClient client) : IPaymentProvider
{
    public const string ProviderName = "Stripe";

    public string Name => ProviderName;

    public static IStripeClient ClientFor(StripeOptions options, HttpClient? http = null) =>
        new StripeClient(
            apiKey: options.ApiKey,
            httpClient: new SystemNetHttpClient(http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, options.MaxNetworkRetries),
            apiBase: string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase.TrimEnd('/'));

    public async Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        var create = new PaymentIntentCreateOptions
        {
            Amount = Money.ToMinorUnits(request.Amount, request.Currency),
            Currency = request.Currency.ToLowerInvariant(),
            Confirm = true,
            // Server-side confirmation cannot follow a redirect; methods that need one are left out.
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            Metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString() },
        };
        // The typed options have no card field (raw card data is not for servers); a card token is, as Stripe's API takes it.
        create.AddExtraParam("payment_method_data", new Dictionary<string, object>
        {
            ["type"] = "card",
            ["card"] = new Dictionary<string, object> { ["token"] = request.Token },
        });
        try
        {
            var intent = await new PaymentIntentService(client).CreateAsync(create, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            return intent.Status switch
            {
                "succeeded" => new ChargeResult.Captured(intent.Id),
                "processing" => new ChargeResult.Processing(intent.Id),
                // 3-D Secure needs the buyer in the browser; an order placed server-side cannot do it.
                "requires_action" => new ChargeResult.Declined("authentication_required", "The card needs the buyer to authenticate."),
                _ => new ChargeResult.Declined(
                    intent.LastPaymentError?.DeclineCode ?? intent.LastPaymentError?.Code ?? "payment_failed",
                    intent.LastPaymentError?.Message ?? $"The payment ended as {intent.Status}."),
            };
        }
        catch (StripeException exception) when (IsPermanent(exception))
        {
            return new ChargeResult.Declined(CodeOf(exception), exception.StripeError?.Message ?? exception.Message);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new PaymentProviderUnavailableException($"Stripe could not take the charge now ({Describe(exception)}).", exception);
        }
    }

    public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var create = new RefundCreateOptions
        {
            PaymentIntent = request.ChargeReference,
            Amount = Money.ToMinorUnits(request.Amount, request.Currency),
            Metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString() },
        };
        try
        {
            var refund = await new Stripe.RefundService(client).CreateAsync(create, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
            // A pending refund is Stripe's promise to return the money; charge.refunded confirms it later.
            return refund.Status is "succeeded" or "pending"
                ? new RefundResult.Refunded(refund.Id)
                : new RefundResult.Refused(refund.FailureReason ?? "refund_failed", $"The refund ended as {refund.Status}.");
        }
        catch (StripeException exception) when (IsPermanent(exception))
        {
            return new RefundResult.Refused(CodeOf(exception), exception.StripeError?.Message ?? exception.Message);
        }
        catch (Exception exception) when (IsTransient(exception, cancellationToken))
        {
            throw new PaymentProviderUnavailableException($"Stripe could not take the refund now ({Describe(exception)}).", exception);
        }
    }

    /// <summary>
    /// A card error (402) or a request Stripe rejects as invalid (400, 404) answers the same on every try.
    /// Authentication (401, 403) is left transient: a wrong key is the operator's to fix, not the buyer's decline.
    /// </summary>
    private static bool IsPermanent(StripeException exception) =>
        exception.StripeError?.Type == "card_error"
        || exception.HttpStatusCode is HttpStatusCode.PaymentRequired or HttpStatusCode.BadRequest or HttpStatusCode.NotFound;

    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        exception is StripeException or HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static string CodeOf(StripeException exception) =>
        exception.StripeError?.DeclineCode ?? exception.StripeError?.Code ?? "card_declined";

    private static string Describe(Exception exception) =>
        exception is StripeException stripe ? $"{(int)stripe.HttpStatusCode} {stripe.StripeError?.Type}" : exception.GetType().Name;
}
