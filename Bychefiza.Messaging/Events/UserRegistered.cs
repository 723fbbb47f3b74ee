namespace Bychefiza.Messaging.Events;

/// <summary>Auth created an account (the customer role is already granted; the email is not verified yet).</summary>
public sealed record UserRegistered(Guid UserId, string Email, string DisplayName) : IntegrationEvent;
