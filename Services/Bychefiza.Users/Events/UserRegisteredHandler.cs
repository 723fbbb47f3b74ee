using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Bychefiza.Users.Data;
using Bychefiza.Users.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Events;

/// <summary>A new account gets its profile, with the name it registered under and the default preferences.</summary>
public sealed class UserRegisteredHandler(UsersDbContext db, TimeProvider time, ILogger<UserRegisteredHandler> logger) : IEventHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered registered, CancellationToken cancellationToken)
    {
        // The inbox already keeps a redelivery out; this keeps a replayed copy with a new id out too.
        if (await db.Profiles.AnyAsync(p => p.Id == registered.UserId, cancellationToken))
        {
            return;
        }
        db.Profiles.Add(UserProfile.Register(registered.UserId, registered.Email, registered.DisplayName, time.GetUtcNow()));
        logger.LogInformation("User {UserId} has a profile", registered.UserId);
    }
}
