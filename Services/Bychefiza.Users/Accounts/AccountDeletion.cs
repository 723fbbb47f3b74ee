using Bychefiza.Messaging.Events;
using Bychefiza.Users.Data;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Accounts;

/// <summary>Closing an account: everything the users service holds about the person goes, and the others hear of it.</summary>
public sealed class AccountDeletion(UsersDbContext db, ILogger<AccountDeletion> logger)
{
    /// <summary>Deletes the profile with its addresses, avatar and notifications (cascading in the database) and publishes <see cref="UserDeleted"/> in the same transaction.</summary>
    public async Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken)
    {
        var deleted = await db.InTransactionAsync(async ct =>
        {
            var rows = await db.Profiles.Where(p => p.Id == userId).ExecuteDeleteAsync(ct);
            if (rows == 0)
            {
                return false;
            }
            db.AddEvent(new UserDeleted(userId));
            await db.SaveChangesAsync(ct);
            return true;
        }, cancellationToken);
        if (deleted)
        {
            logger.LogInformation("User {UserId} deleted their account", userId);
        }
        return deleted;
    }
}
