using Bychefiza.Auth.Data;

namespace Bychefiza.Auth.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AuthDbContext>("authdb");
        builder.AddRabbitMQClient("rabbitmq");
        builder.AddDefaultOpenApi("Bychefiza Auth API");
    }
}
