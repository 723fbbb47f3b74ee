using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Products.Catalog;
using Bychefiza.Products.Model;
using Bychefiza.Products.Stock;

namespace Bychefiza.Products.Events;

/// <summary>An order that was never placed gives back whatever it held.</summary>
public sealed class OrderAbandonedHandler(Reservations reservations, CatalogCache cache, ILogger<OrderAbandonedHandler> logger)
    : IEventHandler<OrderAbandoned>
{
    public async Task HandleAsync(OrderAbandoned integrationEvent, CancellationToken cancellationToken)
    {
        var outcome = await reservations.ApplyAsync(integrationEvent.OrderId, ReservationMove.Release, cancellationToken);
        if (outcome == Transition.Applied)
        {
            await cache.InvalidateAsync();
            logger.LogInformation("Released the stock of abandoned order {OrderId}", integrationEvent.OrderId);
        }
    }
}
