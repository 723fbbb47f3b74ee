using System.Security.Claims;
using Bychefiza.Payments.Data;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Payments.Apis;

public sealed record PaymentReadServices(PaymentsDbContext Db);

/// <summary>A customer's own payments; admins may read anyone's by id.</summary>
public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization(Policies.Customer);

        api.MapGet("/", ListAsync).WithName("ListPayments");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetPayment");

        return app;
    }

    /// <summary>The caller's payments, newest first.</summary>
    public static async Task<Results<Ok<PaymentPage>, ValidationProblem>> ListAsync(
        [AsParameters] PaymentQuery query, [AsParameters] PaymentReadServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = query.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var customerId = CustomerId(user);
        var mine = services.Db.Payments.AsNoTracking().Where(p => p.CustomerId == customerId);
        var total = await mine.CountAsync(cancellationToken);
        var page = await mine.Include(p => p.Refunds)
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PaymentPage([.. page.Select(PaymentView.Of)], query.Page, query.PageSize, total));
    }

    /// <summary>404 for another customer's payment, so ids of others' payments cannot be probed.</summary>
    public static async Task<Results<Ok<PaymentView>, NotFound>> GetAsync(
        Guid id, [AsParameters] PaymentReadServices services, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var payment = await services.Db.Payments.AsNoTracking().Include(p => p.Refunds).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (payment is null || (payment.CustomerId != CustomerId(user) && !user.IsInRole(Roles.Admin)))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(PaymentView.Of(payment));
    }

    private static Guid? CustomerId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue("sub"), out var id) ? id : null;
}
