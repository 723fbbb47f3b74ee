using Bychefiza.Payments.Providers;
using Bychefiza.Payments.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Stripe;

namespace Bychefiza.Payments.Apis;

public sealed record StripeWebhookServices(StripeWebhookEvents Events, StripeOptions Options, ILogger<StripeWebhookEvents> Log);

/// <summary>
/// Stripe's calls about payments it settled, failed or refunded. Anonymous at the gateway: the
/// <c>Stripe-Signature</c> header, an HMAC with the endpoint's secret, is the authentication.
/// </summary>
public static class StripeWebhookApi
{
    public const string Path = "/api/payments/webhooks/stripe";

    public static IEndpointRouteBuilder MapStripeWebhookApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).WithName("ReceiveStripeWebhook").WithTags("Webhooks").AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, [AsParameters] StripeWebhookServices services, CancellationToken cancellationToken)
    {
        // The signature covers the exact bytes Stripe sent, so the body is read raw, not bound.
        using var reader = new StreamReader(request.Body);
        var payload = await reader.ReadToEndAsync(cancellationToken);

        string signature = request.Headers["Stripe-Signature"].ToString();
        Event stripeEvent;
        try
        {
            if (string.IsNullOrWhiteSpace(signature))
            {
                throw new StripeException("No Stripe-Signature header.");
            }
            stripeEvent = EventUtility.ConstructEvent(
                payload, signature, services.Options.WebhookSecret,
                tolerance: (long)services.Options.WebhookTolerance.TotalSeconds, throwOnApiVersionMismatch: false);
        }
        // A malformed header fails Stripe.net's parsing before its signature check; both are the sender's fault.
        catch (Exception exception) when (exception is StripeException or FormatException or OverflowException or ArgumentException)
        {
            services.Log.LogWarning("A Stripe webhook was refused: {Failure}", exception.Message);
            return TypedResults.Problem(title: "The Stripe-Signature header does not verify.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!await services.Events.ApplyAsync(stripeEvent, cancellationToken))
        {
            services.Log.LogInformation("Stripe event {EventId} ({Type}) was applied already", stripeEvent.Id, stripeEvent.Type);
        }
        // Every verified event is acknowledged, those this service ignores too: Stripe would resend them for days.
        return TypedResults.Ok();
    }
}
