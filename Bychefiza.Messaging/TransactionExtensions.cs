namespace Microsoft.EntityFrameworkCore;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in one database transaction under the context's execution strategy
    /// (Aspire's retrying strategy refuses a transaction opened outside it). On a transient failure the
    /// whole unit runs again from an empty change tracker, so build the entities inside
    /// <paramref name="work"/>. The transaction commits when <paramref name="work"/> returns.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this DbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await transaction.CommitAsync(ct);
            return result;
        }, cancellationToken);
}
