using System.Reflection;
using Bychefiza.Messaging.Broker;
using Bychefiza.Messaging.Consuming;

namespace Bychefiza.Tests.Unit;

public sealed class SubscribersTests
{
    /// <summary>Each service's assembly by the name of its queue.</summary>
    private static readonly Dictionary<string, Assembly> Services = new()
    {
        ["auth"] = typeof(Bychefiza.Auth.Events.UserDeletedHandler).Assembly,
        ["users"] = typeof(Bychefiza.Users.Events.UserRegisteredHandler).Assembly,
        ["products"] = typeof(Bychefiza.Products.Events.OrderStatusChangedHandler).Assembly,
        ["orders"] = typeof(Bychefiza.Orders.Events.PaymentCompletedHandler).Assembly,
        ["payments"] = typeof(Bychefiza.Payments.Events.OrderCreatedHandler).Assembly,
    };

    [Fact]
    public void The_queues_publishers_declare_are_the_events_each_service_has_handlers_for()
    {
        var handled = Services.ToDictionary(service => service.Key, service => HandledEvents(service.Value));

        Assert.Equal(handled.Keys.Order(), Subscribers.Queues.Keys.Order());
        foreach (var (queue, events) in Subscribers.Queues)
        {
            Assert.Equal(handled[queue].Select(t => t.Name).Order(), events.Select(t => t.Name).Order());
        }
    }

    private static IEnumerable<Type> HandledEvents(Assembly assembly) =>
        assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false })
            .SelectMany(type => type.GetInterfaces())
            .Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IEventHandler<>))
            .Select(contract => contract.GetGenericArguments()[0])
            .Distinct();
}
