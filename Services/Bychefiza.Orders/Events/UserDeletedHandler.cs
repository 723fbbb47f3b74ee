using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Orders.Data;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Events;

/// <summary>
/// A customer closed their account: their orders stay (accounts, stock and revenue depend on them) under
/// a new random customer reference, the same for all of them, that leads back to no one. The shipping
/// address stays with the order, which may still have to be delivered.
/// </summary>
public sealed class UserDeletedHandler(OrdersDbContext db, ILogger<UserDeletedHandler> logger) : IEventHandler<UserDeleted>
{
    public async Task HandleAsync(UserDeleted deleted, CancellationToken cancellationToken)
    {
        var anonymous = Guid.NewGuid();
        var orders = await db.Orders
            .Where(o => o.CustomerId == deleted.UserId)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.CustomerId, anonymous), cancellationToken);
        // Stored answers to checkout requests name the customer too; they would expire within a day anyway.
        await db.IdempotencyKeys.Where(k => k.CustomerId == deleted.UserId).ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("{Count} orders of a closed account are now anonymous", orders);
    }
}
