using Bychefiza.Payments.Apis;
using Bychefiza.Payments.Providers;
using Microsoft.Extensions.Options;

namespace Bychefiza.Payments.Extensions;

public static class PaymentProviderExtensions
{
    /// <summary>The key of the provider <c>Payments:Provider</c> chose; <see cref="IPaymentProvider"/> itself is it, guarded.</summary>
    public const string Chosen = "chosen";

    /// <summary>
    /// Registers the provider <c>Payments:Provider</c> names (the simulator when it names none), behind
    /// a time limit and a circuit breaker. A chosen provider without its settings stops the service at
    /// start-up rather than failing every order later.
    /// </summary>
    public static void AddPaymentProvider(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(PaymentsOptions.Section);
        var options = section.Get<PaymentsOptions>() ?? new PaymentsOptions();
        builder.Services.Configure<PaymentsOptions>(section);
        builder.Services.AddSingleton(options.Stripe);
        builder.Services.AddSingleton(options.PayPal);

        switch (options.Provider)
        {
            case var name when name.Equals(SimulatorProvider.ProviderName, StringComparison.OrdinalIgnoreCase):
                builder.Services.AddKeyedSingleton<IPaymentProvider, SimulatorProvider>(Chosen);
                break;
            case var name when name.Equals(StripeProvider.ProviderName, StringComparison.OrdinalIgnoreCase):
                Require(options.Stripe.ApiKey, "Payments:Stripe:ApiKey", name);
                builder.Services.AddSingleton(StripeProvider.ClientFor(options.Stripe));
                builder.Services.AddKeyedSingleton<IPaymentProvider, StripeProvider>(Chosen);
                break;
            case var name when name.Equals(PayPalProvider.ProviderName, StringComparison.OrdinalIgnoreCase):
                Require(options.PayPal.ClientId, "Payments:PayPal:ClientId", name);
                Require(options.PayPal.ClientSecret, "Payments:PayPal:ClientSecret", name);
                Require(options.PayPal.BaseUrl, "Payments:PayPal:BaseUrl", name);
                if (!Uri.TryCreate(options.PayPal.BaseUrl, UriKind.Absolute, out _))
                {
                    throw new InvalidOperationException("Payments:PayPal:BaseUrl must be an absolute URL.");
                }
                builder.Services.AddHttpClient(PayPalProvider.ProviderName);
                builder.Services.AddKeyedSingleton<IPaymentProvider>(Chosen, (services, _) => new PayPalProvider(
                    services.GetRequiredService<IHttpClientFactory>().CreateClient(PayPalProvider.ProviderName),
                    options.PayPal, services.GetRequiredService<TimeProvider>()));
                break;
            default:
                throw new InvalidOperationException(
                    $"Payments:Provider is '{options.Provider}'; use {SimulatorProvider.ProviderName}, {StripeProvider.ProviderName} or {PayPalProvider.ProviderName}.");
        }
        builder.Services.AddSingleton<IPaymentProvider>(services => new GuardedPaymentProvider(
            services.GetRequiredKeyedService<IPaymentProvider>(Chosen), options.Calls, services.GetService<TimeProvider>() ?? TimeProvider.System));
    }

    /// <summary>The simulator's token route when the simulator charges; Stripe's webhook wherever its secret is set.</summary>
    public static IEndpointRouteBuilder MapPaymentProviderApis(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<PaymentsOptions>>().Value;
        if (app.ServiceProvider.GetRequiredKeyedService<IPaymentProvider>(Chosen) is SimulatorProvider)
        {
            app.MapSimulatorTokensApi();
        }
        // Kept even after switching away from Stripe: its late events (refunds made in its dashboard) still arrive.
        if (!string.IsNullOrWhiteSpace(options.Stripe.WebhookSecret))
        {
            app.MapStripeWebhookApi();
        }
        return app;
    }

    private static void Require(string? value, string key, string provider)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException($"Payments:Provider is {provider}, but {key} is not set.");
        }
    }
}
