namespace Bychefiza.Tests.Support;

/// <summary>Waits for an observable state with a deadline, instead of sleeping and hoping.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        while (DateTime.UtcNow < until);

        throw new TimeoutException($"Not {what} within {deadline.TotalSeconds:F0} s; last observed: {last}");
    }
}
