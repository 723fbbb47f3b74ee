using Bychefiza.Orders.Data;

namespace Bychefiza.Orders.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<OrdersDbContext>("orderdb");
        builder.AddRabbitMQClient("rabbitmq");
        builder.AddDefaultOpenApi("Bychefiza Orders API");
        builder.AddBychefizaAuthentication();
    }
}
