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
        // Eight orders charged side by side: the provider's answer is a wait, not work. Each handler takes
        // its order's lock first, so two events about one order still take turns.
        builder.AddEventBus("payments", options => options.Concurrency = 8)
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
