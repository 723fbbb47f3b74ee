using Bychefiza.Users.Data;
using Bychefiza.Users.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Notifications;

/// <summary>
/// Mails the notifications that ask for it, after the transaction that made them has committed: an event
/// handler that mailed directly would mail again each time a later failure rolled it back and the event
/// was retried. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so replicas never mail the same one.
/// A failed send stays queued and is tried again with a growing pause, up to <see cref="MaxAttempts"/> times.
/// </summary>
public sealed class NotificationMailer(IServiceScopeFactory scopes, IEmailSender email, TimeProvider time, ILogger<NotificationMailer> logger)
    : BackgroundService
{
    public const int MaxAttempts = 10;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = Idle;
        while (!stoppingToken.IsCancellationRequested)
        {
            var allSent = false;
            try
            {
                allSent = await MailBatchAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Mailing notifications failed; trying again shortly");
            }
            // A relay or database that is down is given more room each time, up to 30 s.
            pause = allSent ? Idle : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            await Task.Delay(pause, time, stoppingToken);
        }
    }

    /// <summary>Mails up to 20 waiting notifications; false when any send failed.</summary>
    private async Task<bool> MailBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        return await db.InTransactionAsync(async ct =>
        {
            var batch = await db.Notifications
                .FromSql($"""
                    SELECT * FROM "Notifications"
                    WHERE "EmailTo" IS NOT NULL AND "EmailSentAt" IS NULL AND "EmailAttempts" < {MaxAttempts}
                    ORDER BY "CreatedAt" LIMIT 20 FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(ct);
            var allSent = true;
            foreach (var notification in batch)
            {
                try
                {
                    await email.SendAsync(new EmailMessage(notification.EmailTo!, notification.Title, notification.Body), ct);
                    notification.EmailSentAt = time.GetUtcNow();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    notification.EmailAttempts++;
                    allSent = false;
                    logger.LogWarning(e, "Notification {NotificationId} could not be mailed (attempt {Attempt})", notification.Id, notification.EmailAttempts);
                }
            }
            await db.SaveChangesAsync(ct);
            return allSent;
        }, cancellationToken);
    }
}
