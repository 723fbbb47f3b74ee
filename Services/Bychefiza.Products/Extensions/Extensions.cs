using Bychefiza.Products.Catalog;
using Bychefiza.Products.Data;

namespace Bychefiza.Products.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ProductsDbContext>("productdb");
        builder.AddRedisClient("redis");
        builder.AddEventBus("products").AddOutbox<ProductsDbContext>();
        builder.AddDefaultOpenApi("Bychefiza Products API");
        builder.AddBychefizaAuthentication();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<PriceBook>();
        builder.Services.AddScoped<Bychefiza.Products.Stock.Reservations>();
    }
}
