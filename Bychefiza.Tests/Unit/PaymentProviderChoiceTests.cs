using Bychefiza.Payments.Extensions;
using Bychefiza.Payments.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bychefiza.Tests.Unit;

/// <summary>The provider comes from <c>Payments:Provider</c>; a chosen provider without its settings stops start-up.</summary>
public sealed class PaymentProviderChoiceTests
{
    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        return builder;
    }

    private static Type? Chosen(HostApplicationBuilder builder) =>
        builder.Services.Single(s => s.ServiceType == typeof(IPaymentProvider) && Equals(s.ServiceKey, PaymentProviderExtensions.Chosen)).KeyedImplementationType;

    [Fact]
    public void Without_configuration_the_simulator_charges()
    {
        var builder = Builder();

        builder.AddPaymentProvider();

        Assert.Equal(typeof(SimulatorProvider), Chosen(builder));
    }

    [Theory]
    [InlineData("Stripe", "Payments:Stripe:ApiKey")]
    [InlineData("PayPal", "Payments:PayPal:ClientId")]
    public void A_provider_without_its_credentials_stops_start_up_naming_the_missing_key(string provider, string missing)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Builder(("Payments:Provider", provider)).AddPaymentProvider());

        Assert.Contains(missing, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PayPal_needs_its_base_url_from_configuration()
    {
        var builder = Builder(("Payments:Provider", "PayPal"), ("Payments:PayPal:ClientId", "id"), ("Payments:PayPal:ClientSecret", "secret"));

        var failure = Assert.Throws<InvalidOperationException>(builder.AddPaymentProvider);

        Assert.Contains("Payments:PayPal:BaseUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_stops_start_up()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Builder(("Payments:Provider", "Cash")).AddPaymentProvider());

        Assert.Contains("Simulator, Stripe or PayPal", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stripe_with_a_key_is_chosen()
    {
        var builder = Builder(("Payments:Provider", "Stripe"), ("Payments:Stripe:ApiKey", "sk_test_x"));

        builder.AddPaymentProvider();

        Assert.Equal(typeof(StripeProvider), Chosen(builder));
    }
}
