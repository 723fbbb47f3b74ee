using Bychefiza.Users.Data;

namespace Bychefiza.Users.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<UsersDbContext>("userdb");
        builder.AddRabbitMQClient("rabbitmq");
        builder.AddDefaultOpenApi("Bychefiza Users API");
        builder.AddBychefizaAuthentication();
    }
}
