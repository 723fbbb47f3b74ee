using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Checkout;
using Bychefiza.Orders.Data;
using Bychefiza.Orders.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Bychefiza.Orders.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<OrdersDbContext>("orderdb");
        // An order has a few lines and a few status changes: one round trip for both beats split queries.
        builder.Services.ConfigureDbContext<OrdersDbContext>(options =>
            options.ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.MultipleCollectionIncludeWarning)));
        // Sixteen events side by side, 32 in hand: at eight, a checkout at full load left PaymentCompleted
        // 0.2-0.8 s in the queue (bench/analysis.md). Every handler locks its order's row first, so
        // events about one order take turns.
        builder.AddEventBus("orders", options => { options.Concurrency = 16; options.Prefetch = 32; })
            .AddOutbox<OrdersDbContext>()
            .AddConsumer<PaymentCompleted, PaymentCompletedHandler, OrdersDbContext>()
            .AddConsumer<PaymentFailed, PaymentFailedHandler, OrdersDbContext>()
            .AddConsumer<RefundCompleted, RefundCompletedHandler, OrdersDbContext>()
            .AddConsumer<RefundFailed, RefundFailedHandler, OrdersDbContext>()
            .AddConsumer<UserDeleted, UserDeletedHandler, OrdersDbContext>();
        builder.AddDefaultOpenApi("Bychefiza Orders API");
        builder.AddBychefizaAuthentication();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<CatalogReservations>(http => http.BaseAddress = new Uri("https+http://products"));
        builder.Services.AddSingleton<OrderMetrics>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddScoped<OrderChanges>();
        builder.Services.Configure<IdempotencyKeyOptions>(builder.Configuration.GetSection(IdempotencyKeyOptions.Section));
        builder.Services.AddHostedService<IdempotencyKeySweeper>();
    }
}
