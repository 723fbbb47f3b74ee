using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Bychefiza.Messaging.Consuming;
using Bychefiza.Messaging.Events;
using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Events;

/// <summary>
/// The person closed their account in the users service: no password, no sign-in of any kind (an
/// admin's lock, which external sign-in and refresh respect too) and no session survive.
/// </summary>
public sealed class UserDeletedHandler(UserManager<BychefizaUser> users, Sessions sessions, ILogger<UserDeletedHandler> logger) : IEventHandler<UserDeleted>
{
    public async Task HandleAsync(UserDeleted deleted, CancellationToken cancellationToken)
    {
        if (await users.FindByIdAsync(deleted.UserId.ToString()) is not { } user)
        {
            logger.LogWarning("User {UserId} closed an account auth does not know", deleted.UserId);
            return;
        }

        Succeeded(await users.SetLockoutEnabledAsync(user, true));
        Succeeded(await users.SetLockoutEndDateAsync(user, BychefizaUser.AdminLockEnd));
        if (await users.HasPasswordAsync(user))
        {
            // Without a password, sign-in answers as it does for an unknown email.
            Succeeded(await users.RemovePasswordAsync(user));
        }
        await sessions.EndAllAsync(user.Id, "account-deleted", cancellationToken);
        logger.LogInformation("Account {UserId} is disabled: its owner closed it", user.Id);
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not disable the account: {string.Join(", ", result.Errors.Select(e => e.Code))}");
        }
    }
}
