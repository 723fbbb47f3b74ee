using Bychefiza.Payments.Data;

namespace Bychefiza.Payments.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PaymentsDbContext>("paymentdb");
        builder.AddRabbitMQClient("rabbitmq");
        builder.AddDefaultOpenApi("Bychefiza Payments API");
        builder.AddBychefizaAuthentication();
    }
}
