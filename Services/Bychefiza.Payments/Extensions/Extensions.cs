using Bychefiza.Messaging.Events;
using Bychefiza.Payments.Data;
using Bychefiza.Payments.Events;
using Bychefiza.Payments.Webhooks;

namespace Bychefiza.Payments.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PaymentsDbContext>("paymentdb");
        builder.AddEventBus("payments")
            .AddOutbox<PaymentsDbContext>()
            .AddConsumer<OrderCreated, OrderCreatedHandler, PaymentsDbContext>()
            .AddConsumer<RefundRequested, RefundRequestedHandler, PaymentsDbContext>();
        builder.AddDefaultOpenApi("Bychefiza Payments API");
        builder.AddBychefizaAuthentication();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddPaymentProvider();
        builder.Services.AddSingleton<PaymentMetrics>();
        builder.Services.AddScoped<StripeWebhookEvents>();
    }
}
