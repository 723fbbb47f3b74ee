using Bychefiza.Messaging.Events;
using Bychefiza.Users.Accounts;
using Bychefiza.Users.Data;
using Bychefiza.Users.Events;
using Bychefiza.Users.Notifications;

namespace Bychefiza.Users.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<UsersDbContext>("userdb");
        builder.AddEventBus("users")
            .AddOutbox<UsersDbContext>()
            .AddConsumer<UserRegistered, UserRegisteredHandler, UsersDbContext>()
            .AddConsumer<OrderStatusChanged, OrderStatusChangedHandler, UsersDbContext>();
        builder.AddDefaultOpenApi("Bychefiza Users API");
        builder.AddBychefizaAuthentication();
        builder.AddEmail();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<AuthPasswords>(http => http.BaseAddress = new Uri("https+http://auth"));
        builder.Services.AddScoped<AccountDeletion>();
        builder.Services.AddHostedService<NotificationMailer>();
    }
}
