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
        builder.AddRedisClient("redis");
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
