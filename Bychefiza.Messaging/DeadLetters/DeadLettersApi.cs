using System.Security.Claims;
using Bychefiza.Messaging;
using Bychefiza.Messaging.DeadLetters;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Admins list the service's dead letters and send them back to its consumer, under
/// <c>/api/{service}/dead-letters</c>: one call in any service that called <c>AddEventBus</c>.
/// </summary>
public static class DeadLettersApi
{
    public static IEndpointRouteBuilder MapDeadLettersApi(this IEndpointRouteBuilder app)
    {
        var service = app.ServiceProvider.GetRequiredService<IOptions<EventBusOptions>>().Value.Service;
        if (string.IsNullOrEmpty(service))
        {
            throw new InvalidOperationException("MapDeadLettersApi needs the service's event bus: call builder.AddEventBus(\"{service}\") first.");
        }

        var api = app.MapGroup($"/api/{service}/dead-letters").WithTags("Dead letters (admin)").RequireAuthorization(Policies.Admin);

        api.MapGet("/", ListAsync).WithName("ListDeadLetters");
        api.MapPost("/{messageId:guid}/replay", ReplayAsync).WithName("ReplayDeadLetter");
        api.MapPost("/replay", ReplayAllAsync).WithName("ReplayDeadLetters");

        return app;
    }

    /// <summary>The oldest dead letters, left in the queue: looking never consumes them.</summary>
    public static async Task<Results<Ok<DeadLetterPage>, ValidationProblem>> ListAsync(
        [AsParameters] DeadLettersServices services, int limit = DeadLetterQueue.DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (LimitProblem(limit) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(await services.Queue.ListAsync(limit, cancellationToken));
    }

    /// <summary>Sends one dead letter back to the service's queue as a first attempt; its handler runs again soon after.</summary>
    public static async Task<Results<Accepted, NotFound, ProblemHttpResult>> ReplayAsync(
        Guid messageId, ClaimsPrincipal caller, [AsParameters] DeadLettersServices services, CancellationToken cancellationToken)
    {
        switch (await services.Queue.ReplayAsync(messageId, cancellationToken))
        {
            case ReplayOutcome.Replayed:
                services.Audit.LogInformation("Admin {AdminId} replayed dead letter {MessageId} to {Queue}", caller.FindFirstValue("sub"), messageId, services.Queue.Service);
                return TypedResults.Accepted((string?)null);
            case ReplayOutcome.NotFound:
                return TypedResults.NotFound();
            default:
                return ServiceQueueMissing(services.Queue.Service);
        }
    }

    /// <summary>Sends up to <paramref name="limit"/> dead letters back, oldest first.</summary>
    public static async Task<Results<Accepted<ReplayedDeadLetters>, ValidationProblem, ProblemHttpResult>> ReplayAllAsync(
        ClaimsPrincipal caller, [AsParameters] DeadLettersServices services, int limit = DeadLetterQueue.DefaultLimit, CancellationToken cancellationToken = default)
    {
        if (LimitProblem(limit) is { } problem)
        {
            return problem;
        }
        var replayed = await services.Queue.ReplayAllAsync(limit, cancellationToken);
        foreach (var messageId in replayed.MessageIds)
        {
            services.Audit.LogInformation("Admin {AdminId} replayed dead letter {MessageId} to {Queue}", caller.FindFirstValue("sub"), messageId, services.Queue.Service);
        }
        if (replayed is { ServiceQueueMissing: true, Count: 0 })
        {
            return ServiceQueueMissing(services.Queue.Service);
        }
        return TypedResults.Accepted((string?)null, replayed);
    }

    private static ValidationProblem? LimitProblem(int limit) =>
        limit is >= 1 and <= DeadLetterQueue.MaxLimit
            ? null
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Use 1 to {DeadLetterQueue.MaxLimit} messages."] });

    private static ProblemHttpResult ServiceQueueMissing(string service) => TypedResults.Problem(
        title: "The service's queue does not exist.",
        detail: $"The broker has no queue '{service}' to send the message back to; it stays in the dead-letter queue.",
        statusCode: StatusCodes.Status409Conflict);
}
