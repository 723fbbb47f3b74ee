using System.Security.Cryptography;
using Bychefiza.Auth.Data;
using Bychefiza.Auth.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bychefiza.Auth.Tokens;

/// <summary>
/// The signing keys in authdb, read at most once a minute: the one that signs now, and every one
/// still published. Also the auth service's own source of validation keys, in the shape JwtBearer
/// expects from a remote issuer.
/// </summary>
public sealed class SigningKeyStore(IServiceScopeFactory scopes, TimeProvider time, TokenSettings settings)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinReloadInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<SigningCredentials> SigningCredentialsAsync(CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return snapshot.Signing ?? throw new InvalidOperationException("No signing key is valid now; the start-up seeder creates one.");
    }

    public async Task<IReadOnlyList<ECDsaSecurityKey>> PublishedKeysAsync(CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Published;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var configuration = new OpenIdConnectConfiguration { Issuer = settings.Issuer };
        foreach (var key in await PublishedKeysAsync(cancel))
        {
            configuration.SigningKeys.Add(key);
        }
        return configuration;
    }

    /// <summary>
    /// JwtBearer asks for this on every token with an unknown <c>kid</c>, which anyone can send: at most
    /// one reload every <see cref="MinReloadInterval"/>.
    /// </summary>
    public void RequestRefresh()
    {
        if (_snapshot is { } loaded && time.GetUtcNow() - loaded.LoadedAt >= MinReloadInterval)
        {
            _snapshot = null;
        }
    }

    /// <summary>After this replica changed the keys: read them again at once.</summary>
    public void Reload() => _snapshot = null;

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } fresh && now - fresh.LoadedAt < CacheFor)
        {
            return fresh;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } reloaded && now - reloaded.LoadedAt < CacheFor)
            {
                return reloaded;
            }

            await using var scope = scopes.CreateAsyncScope();
            var keys = await scope.ServiceProvider.GetRequiredService<AuthDbContext>().SigningKeys.AsNoTracking()
                .OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);

            var published = keys.Where(k => k.PublishedAt(now, settings.AccessTokenLifetime)).Select(ToSecurityKey).ToList();
            var signing = keys.FirstOrDefault(k => k.SignsAt(now)) is { } current
                ? new SigningCredentials(published.Single(k => k.KeyId == current.Id), SecurityAlgorithms.EcdsaSha256)
                : null;
            return _snapshot = new Snapshot(now, signing, published);
        }
        finally
        {
            _reload.Release();
        }
    }

    private static ECDsaSecurityKey ToSecurityKey(SigningKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(key.PrivateKey, out _);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.Id };
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, SigningCredentials? Signing, IReadOnlyList<ECDsaSecurityKey> Published);
}
