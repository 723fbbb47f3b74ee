namespace Bychefiza.Products.Catalog;

/// <summary>
/// The replicas that acknowledged each of this replica's bumps, by generation: a bump is done once
/// as many replicas acknowledged its number as Redis told of it. Acknowledgements are matched to the
/// number they name, never to a later one, so a replica that joined after a bump cannot stand in for
/// one that was told of it. One may arrive before its bump's waiter, and is kept until then.
/// </summary>
internal sealed class GenerationAcknowledgements
{
    // A bump's entry outlives its waiter only when an acknowledgement came after the timeout.
    private const int MaxKept = 1024;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, Bump> _bumps = [];

    private sealed class Bump
    {
        public readonly HashSet<string> Replicas = [];
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Told = int.MaxValue;
    }

    public void Add(string replica, long generation)
    {
        lock (_gate)
        {
            var bump = Of(generation);
            if (bump.Replicas.Add(replica) && bump.Replicas.Count >= bump.Told)
            {
                bump.Done.TrySetResult();
            }
        }
    }

    /// <returns>False when fewer than <paramref name="told"/> replicas acknowledged within <paramref name="timeout"/>.</returns>
    public async Task<bool> WaitAsync(long generation, int told, TimeSpan timeout)
    {
        Bump bump;
        lock (_gate)
        {
            bump = Of(generation);
            bump.Told = told;
            if (bump.Replicas.Count >= told)
            {
                _bumps.Remove(generation);
                return true;
            }
        }
        try
        {
            await bump.Done.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            lock (_gate)
            {
                _bumps.Remove(generation);
            }
        }
    }

    private Bump Of(long generation)
    {
        if (!_bumps.TryGetValue(generation, out var bump))
        {
            if (_bumps.Count >= MaxKept)
            {
                _bumps.Remove(_bumps.Keys.First());
            }
            _bumps[generation] = bump = new Bump();
        }
        return bump;
    }
}
