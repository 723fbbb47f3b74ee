using Bychefiza.Payments.Providers;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bychefiza.Payments.Apis;

/// <summary>A test card as a checkout form sends it to the simulator (as it would to Stripe.js, never to the shop's own API).</summary>
public sealed record CardDetails(string? Number, int? ExpMonth, int? ExpYear, string? Cvc);

public sealed record CardSummary(string Brand, string Last4, int ExpMonth, int ExpYear);

/// <summary>A token the way Stripe returns one: the id to pay with and what may be shown of the card.</summary>
public sealed record CardToken(string Id, CardSummary Card);

/// <summary>
/// Turns a simulator test card into a token, as Stripe.js does for Stripe's; mapped only when the simulator
/// is the provider. The card number is neither logged nor stored.
/// </summary>
public static class SimulatorTokensApi
{
    public static IEndpointRouteBuilder MapSimulatorTokensApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/payments/simulator/tokens", CreateToken)
            .WithName("CreateSimulatorToken").WithTags("Payment simulator").RequireAuthorization(Policies.Customer);
        return app;
    }

    public static Results<Ok<CardToken>, ValidationProblem> CreateToken(CardDetails card, TimeProvider time)
    {
        var errors = SimulatorCardValidation.Validate(card, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var digits = SimulatorCards.Digits(card.Number)!;
        var testCard = SimulatorCards.ByNumber(digits)!;
        var year = SimulatorCardValidation.FullYear(card.ExpYear!.Value);
        return TypedResults.Ok(new CardToken(testCard.Token, new CardSummary(testCard.Brand, digits[^4..], card.ExpMonth!.Value, year)));
    }
}
