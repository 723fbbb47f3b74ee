using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Products.Catalog;
using Bychefiza.Products.Model;
using Bychefiza.Products.Stock;

namespace Bychefiza.Products.Events;

/// <summary>An order's fate decides its held stock: paid sells it, cancelled releases it, refunded returns it.</summary>
public sealed class OrderStatusChangedHandler(Reservations reservations, CatalogCache cache, ILogger<OrderStatusChangedHandler> logger)
    : IEventHandler<OrderStatusChanged>
{
    public bool Wants(OrderStatusChanged integrationEvent) => MoveFor(integrationEvent.Status) is not null;

    public async Task HandleAsync(OrderStatusChanged integrationEvent, CancellationToken cancellationToken)
    {
        if (MoveFor(integrationEvent.Status) is not { } wanted)
        {
            return;
        }

        switch (await reservations.ApplyAsync(integrationEvent.OrderId, wanted, cancellationToken))
        {
            case null:
                logger.LogWarning("Order {OrderId} is {Status} but holds no stock here", integrationEvent.OrderId, integrationEvent.Status);
                break;
            case Transition.Refused:
                // Events of one order can arrive out of order after a retry (a refund before its
                // payment): failing sends this one round again, after the other has been applied.
                throw new InvalidOperationException(
                    $"The stock of order {integrationEvent.OrderId} cannot be moved to {wanted} from its current status yet.");
            case Transition.Applied when wanted != ReservationMove.Commit:
                // Before the handler's transaction commits: a page read in between may be cached with the
                // old stock until its TTL. Stock shown is advisory; reservations read the rows themselves.
                await cache.InvalidateAsync();
                logger.LogInformation("Order {OrderId} is {Status}: its stock is back ({Move})", integrationEvent.OrderId, integrationEvent.Status, wanted);
                break;
            case Transition.Applied:
                logger.LogInformation("Order {OrderId} is paid: its stock is sold", integrationEvent.OrderId);
                break;
        }
    }

    private static ReservationMove? MoveFor(string status) => status switch
    {
        "Paid" => ReservationMove.Commit,
        "Cancelled" => ReservationMove.Release,
        "Refunded" => ReservationMove.Return,
        _ => null,
    };
}
