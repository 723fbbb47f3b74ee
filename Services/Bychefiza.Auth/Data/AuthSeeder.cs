using Bychefiza.Auth.Model;
using Bychefiza.Messaging.Events;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.Data;

/// <summary>
/// What authdb needs before the first request: the roles and the first admin (from the AppHost's <c>admin-email</c> and <c>admin-password</c> parameters).
/// Replicas starting together take turns through an advisory lock. Signing keys are
/// <see cref="Tokens.SigningKeyRenewal"/>'s.
/// </summary>
public sealed class AuthSeeder(
    UserManager<BychefizaUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<AuthSeeder> logger) : IDbSeeder<AuthDbContext>
{
    private const long SeedLock = 0x42796368_41757468; // "BychAuth"

    public async Task SeedAsync(AuthDbContext context, CancellationToken cancellationToken)
    {
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({SeedLock})", cancellationToken);

        foreach (var role in new[] { Roles.Customer, Roles.Admin })
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role));
            }
        }

        await SeedFirstAdminAsync(context, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task SeedFirstAdminAsync(AuthDbContext context, CancellationToken cancellationToken)
    {
        var email = configuration["Auth:Admin:Email"];
        var password = configuration["Auth:Admin:Password"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password) || await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var admin = new BychefizaUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator", CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(admin, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"The first admin could not be created: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
        await users.AddToRolesAsync(admin, [Roles.Customer, Roles.Admin]);
        // Announced like any registration, so the admin has a profile, preferences and a cart too.
        context.AddEvent(new UserRegistered(admin.Id, email, admin.DisplayName));
        await context.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created the first admin account");
    }
}
