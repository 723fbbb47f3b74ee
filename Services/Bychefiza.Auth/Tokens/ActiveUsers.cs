using System.Diagnostics.Metrics;
using Bychefiza.Auth.Data;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.Tokens;

/// <summary>
/// The gauge <c>bychefiza.users.active</c>: accounts with a live session, that is a refresh token
/// neither replaced, revoked nor expired. Counted in the database every <c>Auth:ActiveUsers:CountEvery</c>
/// (15 s unless configured), because a gauge is observed synchronously and must not wait for a query.
/// </summary>
internal sealed class ActiveUsers : BackgroundService
{
    public const string MeterName = "Bychefiza.Auth";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger<ActiveUsers> _logger;
    private readonly TimeSpan _interval;
    private long? _count;

    public ActiveUsers(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, IMeterFactory meters, ILogger<ActiveUsers> logger)
    {
        _scopes = scopes;
        _time = time;
        _logger = logger;
        _interval = configuration.GetValue("Auth:ActiveUsers:CountEvery", TimeSpan.FromSeconds(15));
        meters.Create(MeterName).CreateObservableGauge("bychefiza.users.active", Observe, "{user}", "Accounts with a live session.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        do
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
                _count = await CountAsync(db, _time.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be down or not migrated yet; readiness says so, the gauge keeps its last count.
                _logger.LogDebug(e, "Could not count the active users");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Accounts with a live session at <paramref name="now"/>.</summary>
    public static Task<long> CountAsync(AuthDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RefreshTokens
            .Where(token => token.ReplacedAt == null && token.RevokedAt == null && token.ExpiresAt > now)
            .Select(token => token.UserId)
            .Distinct()
            .LongCountAsync(cancellationToken);

    private IEnumerable<Measurement<long>> Observe() => _count is { } count ? [new Measurement<long>(count)] : [];
}
