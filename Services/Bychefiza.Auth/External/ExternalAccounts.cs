using System.Security.Claims;
using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Bychefiza.Messaging.Events;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.External;

/// <summary>Who the provider says signed in, in OpenID Connect claim names.</summary>
public sealed record ExternalIdentity(string Provider, string Subject, string? Email, bool EmailVerified, string? Name)
{
    public static ExternalIdentity From(string provider, ClaimsPrincipal principal) => new(
        provider,
        principal.FindFirstValue("sub") ?? throw new InvalidOperationException($"{provider} returned no subject."),
        principal.FindFirstValue("email"),
        bool.TryParse(principal.FindFirstValue("email_verified"), out var verified) && verified,
        principal.FindFirstValue("name"));
}

/// <summary>A one-time code to exchange for tokens, or the reason there is none (a word the shop shows a message for).</summary>
public sealed record ExternalSignInOutcome(string? Code, string? Error);

/// <summary>Finds, links or creates the local account of an external sign-in.</summary>
public sealed class ExternalAccounts(
    AuthDbContext db, UserManager<BychefizaUser> users, AccountTokens tokens, Sessions sessions, TimeProvider time, ILogger<ExternalAccounts> logger)
{
    public async Task<ExternalSignInOutcome> SignInAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        var user = await users.FindByLoginAsync(identity.Provider, identity.Subject) ?? await LinkOrCreateAsync(identity, cancellationToken);
        if (user is null)
        {
            return new(null, "email_unverified");
        }
        if (user.LockedByAdmin)
        {
            return new(null, "account_locked");
        }
        return new(await tokens.IssueAsync(user.Id, AccountTokenPurpose.ExternalSignIn, cancellationToken), null);
    }

    private async Task<BychefizaUser?> LinkOrCreateAsync(ExternalIdentity identity, CancellationToken cancellationToken)
    {
        // Only an address the provider vouches for may join or open an account; otherwise anyone could claim anyone's.
        if (string.IsNullOrWhiteSpace(identity.Email) || !identity.EmailVerified)
        {
            return null;
        }

        var user = await users.FindByEmailAsync(identity.Email);
        if (user is null)
        {
            return await CreateAsync(identity, cancellationToken);
        }
        if (!user.EmailConfirmed)
        {
            // The address was registered here but never proved; the provider just proved it. Whoever chose
            // the password may not own the address (account pre-hijacking), so that password and its sessions end.
            await users.RemovePasswordAsync(user);
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
            await sessions.EndAllAsync(user.Id, "claimed-by-external-sign-in", cancellationToken);
        }

        await LinkAsync(user, identity);
        return user;
    }

    /// <summary>The account, its role, its link to the provider and UserRegistered commit together, as at registration.</summary>
    private Task<BychefizaUser> CreateAsync(ExternalIdentity identity, CancellationToken cancellationToken) => db.InTransactionAsync(async ct =>
    {
        var email = identity.Email!.Trim();
        var name = string.IsNullOrWhiteSpace(identity.Name) ? email.Split('@')[0] : identity.Name.Trim();
        var user = new BychefizaUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name.Length > 100 ? name[..100] : name,
            CreatedAt = time.GetUtcNow(),
        };

        Ensure(await users.CreateAsync(user), $"create an account for a {identity.Provider} sign-in");
        Ensure(await users.AddToRoleAsync(user, Roles.Customer), "grant the customer role");
        await LinkAsync(user, identity);
        db.AddEvent(new UserRegistered(user.Id, email, user.DisplayName));
        await db.SaveChangesAsync(ct);
        return user;
    }, cancellationToken);

    private async Task LinkAsync(BychefizaUser user, ExternalIdentity identity)
    {
        Ensure(await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Subject, identity.Provider)), $"link the {identity.Provider} sign-in");
        logger.LogInformation("Linked a {Provider} sign-in to account {UserId}", identity.Provider, user.Id);
    }

    private static void Ensure(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
