using System.Diagnostics.Metrics;

namespace Bychefiza.Payments.Events;

/// <summary>
/// Payments as metrics (meter <c>Bychefiza.Payments</c>): charges completed and failed, by provider,
/// the failures also by the provider's code. Counted when the outcome is recorded, inside the
/// transaction that records it.
/// </summary>
public sealed class PaymentMetrics
{
    public const string MeterName = "Bychefiza.Payments";

    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;

    public PaymentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _completed = meter.CreateCounter<long>("bychefiza.payments.completed", "{payment}", "Charges that completed.");
        _failed = meter.CreateCounter<long>("bychefiza.payments.failed", "{payment}", "Charges that were declined or failed.");
    }

    public void Completed(string provider) => _completed.Add(1, new KeyValuePair<string, object?>("provider", provider));

    public void Failed(string provider, string code) =>
        _failed.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("code", code));
}
