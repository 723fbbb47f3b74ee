namespace Bychefiza.Bench;

/// <summary>
/// How long and how hard. Every wrk run uses the same connections, threads and duration, so the
/// two sides of any ratio are measured alike.
/// </summary>
internal sealed record BenchSettings(
    bool Quick,
    int Connections,
    int WrkThreads,
    TimeSpan Warmup,
    TimeSpan MaxWarmup,
    TimeSpan Duration,
    int Customers,
    int Orders,
    TimeSpan PacedFor,
    CheckoutWarmup CheckoutWarmup,
    TimeSpan IdleSettle)
{
    public static BenchSettings For(bool quick) => quick
        ? new(true, Connections: 32, WrkThreads: 2, Warmup: TimeSpan.FromSeconds(8), MaxWarmup: TimeSpan.FromSeconds(12), Duration: TimeSpan.FromSeconds(5),
            Customers: 32, Orders: 300, PacedFor: TimeSpan.FromSeconds(10),
            CheckoutWarmup: new(RoundOf: 100, AtLeast: TimeSpan.FromSeconds(5), AtMost: TimeSpan.FromSeconds(10)), IdleSettle: TimeSpan.FromSeconds(3))
        : new(false, Connections: 32, WrkThreads: 2, Warmup: TimeSpan.FromSeconds(12), MaxWarmup: TimeSpan.FromSeconds(20), Duration: TimeSpan.FromSeconds(30),
            Customers: 32, Orders: 3000, PacedFor: TimeSpan.FromSeconds(30),
            CheckoutWarmup: new(RoundOf: 300, AtLeast: TimeSpan.FromSeconds(30), AtMost: TimeSpan.FromSeconds(90)), IdleSettle: TimeSpan.FromSeconds(20));
}

/// <summary>
/// Checkout's warm-up: rounds of <paramref name="RoundOf"/> orders as fast as accepted, for at least
/// <paramref name="AtLeast"/>, then until three rounds in a row agree within 10 % in orders/s, stopping
/// after <paramref name="AtMost"/> whatever they say.
/// </summary>
internal sealed record CheckoutWarmup(int RoundOf, TimeSpan AtLeast, TimeSpan AtMost);
