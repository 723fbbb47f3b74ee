using Microsoft.Extensions.Configuration;

namespace Bychefiza.AppHost;

internal static class PaymentSettings
{
    /// <summary>
    /// Passes the AppHost's <c>Payments</c> section (provider choice, Stripe or PayPal keys, simulator
    /// latency) to the payments service, only the keys that are set: without any, it runs the simulator.
    /// Run mode only, like external sign-in: a published deployment sets these as its own secrets.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPaymentSettings(this IResourceBuilder<ProjectResource> payments)
    {
        var builder = payments.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return payments;
        }

        foreach (var setting in builder.Configuration.GetSection("Payments").AsEnumerable(true).Where(s => s.Value is not null))
        {
            payments.WithEnvironment($"Payments__{setting.Key.Replace(":", "__", StringComparison.Ordinal)}", setting.Value);
        }
        return payments;
    }
}
