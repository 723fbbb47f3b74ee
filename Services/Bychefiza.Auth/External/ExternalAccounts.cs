using System.Security.Claims;
using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Identity;

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
    UserManager<BychefizaUser> users, AccountTokens tokens, Sessions sessions, TimeProvider time, ILogger<ExternalAccounts> logger)
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
            user = await CreateAsync(identity);
        }
        else if (!user.EmailConfirmed)
        {
            // The address was registered here but never proved; the provider just proved it. Whoever chose
            // the password may not own the address (account pre-hijacking), so that password and its sessions end.
            await users.RemovePasswordAsync(user);
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
            await sessions.EndAllAsync(user.Id, "claimed-by-external-sign-in", cancellationToken);
        }

        var linked = await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.Subject, identity.Provider));
        if (!linked.Succeeded)
        {
            throw new InvalidOperationException($"Could not link the {identity.Provider} sign-in: {string.Join("; ", linked.Errors.Select(e => e.Description))}");
        }
        logger.LogInformation("Linked a {Provider} sign-in to account {UserId}", identity.Provider, user.Id);
        return user;
    }

    private async Task<BychefizaUser> CreateAsync(ExternalIdentity identity)
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

        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Could not create an account for a {identity.Provider} sign-in: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
        await users.AddToRoleAsync(user, Roles.Customer);
        return user;
    }
}
