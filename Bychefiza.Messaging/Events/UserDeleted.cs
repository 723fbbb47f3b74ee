namespace Bychefiza.Messaging.Events;

/// <summary>
/// The person closed their account: the users service has deleted their profile, avatar, addresses and
/// notifications. Auth disables the account; orders keep the orders under an anonymous customer reference.
/// </summary>
public sealed record UserDeleted(Guid UserId) : IntegrationEvent;
