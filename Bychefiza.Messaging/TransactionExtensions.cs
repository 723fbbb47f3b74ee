namespace Microsoft.EntityFrameworkCore;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction under the context's execution strategy
    /// (Aspire's retrying strategy refuses a transaction opened outside it). On a transient failure the
    /// whole unit runs again from an empty change tracker, so build the entities inside
    /// <paramref name="work"/>. The transaction commits when <paramref name="work"/> returns.
    /// </summary>
    /// <remarks>
    /// EF Core's automatic savepoint around each <c>SaveChangesAsync</c> is off: it would only let the
    /// transaction go on after a failed save, and a unit here never does (a failure rolls it all back
    /// and runs it again). It cost two statements per save.
    /// </remarks>
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            db.Database.AutoSavepointsEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
}
