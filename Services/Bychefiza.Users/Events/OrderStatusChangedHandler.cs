using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Users.Data;
using Bychefiza.Users.Model;
using Bychefiza.Users.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Events;

/// <summary>
/// Tells the customer what happened to their order, in the app and by email as their preferences say
/// (the mail itself goes out after the commit, from <see cref="NotificationMailer"/>).
/// </summary>
public sealed class OrderStatusChangedHandler(UsersDbContext db, TimeProvider time, ILogger<OrderStatusChangedHandler> logger)
    : IEventHandler<OrderStatusChanged>
{
    public bool Wants(OrderStatusChanged change) => OrderUpdate.Describe(change) is not null;

    public async Task HandleAsync(OrderStatusChanged change, CancellationToken cancellationToken)
    {
        if (OrderUpdate.Describe(change) is not { } update)
        {
            return;
        }
        var profile = await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == change.CustomerId, cancellationToken);
        if (profile is null || !profile.Preferences.OrderUpdates.Any)
        {
            // A closed account, or someone who asked for silence.
            logger.LogInformation("Order {OrderId} is {Status}; customer {CustomerId} gets no notification", change.OrderId, change.Status, change.CustomerId);
            return;
        }

        var channels = profile.Preferences.OrderUpdates;
        db.Notifications.Add(new Notification
        {
            UserId = profile.Id,
            Kind = OrderUpdate.Kind,
            Title = update.Title,
            Body = update.Body,
            OrderId = change.OrderId,
            EventId = change.Id,
            CreatedAt = time.GetUtcNow(),
            InApp = channels.InApp,
            EmailTo = channels.Email ? profile.Email : null,
        });
    }
}
