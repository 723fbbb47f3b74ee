using Bychefiza.Messaging.Events;
using Bychefiza.Products.Catalog;
using Bychefiza.Products.Data;
using Bychefiza.Products.Events;
using Bychefiza.Products.Stock;

namespace Bychefiza.Products.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ProductsDbContext, CatalogSeeder>("productdb");
        // The catalog cache's Redis, with short timeouts: a read must not wait on a Redis that is gone.
        // Its own check reports Degraded instead of Redis' Unhealthy, so the gateway keeps this replica.
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true, options =>
        {
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            options.AsyncTimeout = 250;
            options.SyncTimeout = 250;
            options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
            // Replies are handled on the .NET thread pool rather than the client's own ten threads, whose
            // spinning showed in the browse profile (bench/analysis.md).
            options.SocketManager = StackExchange.Redis.SocketManager.ThreadPool;
        });
        builder.Services.AddHealthChecks().AddCheck<CatalogCacheHealthCheck>("catalog-cache");
        builder.AddEventBus("products")
            .AddOutbox<ProductsDbContext>()
            .AddConsumer<OrderStatusChanged, OrderStatusChangedHandler, ProductsDbContext>()
            .AddConsumer<OrderAbandoned, OrderAbandonedHandler, ProductsDbContext>();
        builder.AddDefaultOpenApi("Bychefiza Products API");
        builder.AddBychefizaAuthentication();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<PriceBook>();
        builder.Services.AddScoped<ProductSearch>();
        builder.Services.AddSingleton<CatalogGeneration>();
        builder.Services.AddSingleton<CatalogCache>();
        builder.Services.AddScoped<Reservations>();
    }
}
