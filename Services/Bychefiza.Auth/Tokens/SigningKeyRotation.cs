using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bychefiza.Auth.Tokens;

/// <summary>The <c>Auth:SigningKeys</c> section.</summary>
public sealed class SigningKeyOptions
{
    /// <summary>
    /// How long a new key is published before it signs: longer than services keep the JWKS between
    /// refreshes, so none meets a token whose key it has not fetched yet.
    /// </summary>
    public TimeSpan PublishLead { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Changes the set of signing keys, one replica at a time (an advisory lock in authdb).</summary>
public sealed class SigningKeyRotation(AuthDbContext db, SigningKeyStore store, TimeProvider time, IOptions<SigningKeyOptions> options)
{
    private const long KeysLock = 0x42796368_4B657973; // "BychKeys"

    /// <summary>Adds a key when none signs or the signing one retires within a week.</summary>
    public Task<SigningKey?> RenewAsync(CancellationToken cancellationToken) =>
        ChangeAsync(keys => SigningKey.Renewal(keys, time.GetUtcNow(), options.Value.PublishLead), cancellationToken);

    /// <summary>An admin's rotation: scheduled (the new key signs after the publish lead) or, with <paramref name="revoke"/>, at once.</summary>
    public async Task<SigningKey> RotateAsync(bool revoke, CancellationToken cancellationToken) =>
        (await ChangeAsync(keys => SigningKey.Rotate(keys, time.GetUtcNow(), options.Value.PublishLead, revoke), cancellationToken))!;

    public Task<List<SigningKey>> ListAsync(CancellationToken cancellationToken) =>
        db.SigningKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);

    private async Task<SigningKey?> ChangeAsync(Func<List<SigningKey>, SigningKey?> change, CancellationToken cancellationToken)
    {
        var added = await db.InTransactionAsync(async ct =>
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({KeysLock})", ct);

            var key = change(await db.SigningKeys.ToListAsync(ct));
            if (key is not null)
            {
                db.SigningKeys.Add(key);
            }
            // Saved even without a new key: a revoking rotation changes the old ones.
            await db.SaveChangesAsync(ct);
            return key;
        }, cancellationToken);

        store.Reload();
        return added;
    }
}

/// <summary>Makes sure a key signs before the first request, then checks every hour that one always will.</summary>
public sealed class SigningKeyRenewal(IServiceScopeFactory scopes, TimeProvider time, ILogger<SigningKeyRenewal> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromHours(1);

    private ITimer? _timer;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RenewAsync(cancellationToken);
        _timer = time.CreateTimer(_ => _ = RenewQuietlyAsync(), null, CheckEvery, CheckEvery);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _timer?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _timer?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<SigningKeyRotation>().RenewAsync(cancellationToken) is { } key)
        {
            logger.LogInformation("Created signing key {KeyId}; it signs from {ActivatesAt:O}", key.Id, key.ActivatesAt);
        }
    }

    private async Task RenewQuietlyAsync()
    {
        try
        {
            await RenewAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The current key signs for a week more; the next hourly check tries again.
            logger.LogError(exception, "Could not renew the signing keys");
        }
    }
}
