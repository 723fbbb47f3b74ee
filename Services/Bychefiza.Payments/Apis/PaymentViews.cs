using Bychefiza.Payments.Model;

namespace Bychefiza.Payments.Apis;

public sealed record RefundView(
    Guid Id, decimal Amount, string Currency, string Status, string Reason, string? ProviderReference,
    string? FailureCode, string? FailureReason, DateTimeOffset CreatedAt)
{
    public static RefundView Of(Refund refund) => new(
        refund.Id, refund.Amount, refund.Currency, refund.Status.ToString(), refund.Reason, refund.ProviderReference,
        refund.FailureCode, refund.FailureReason, refund.CreatedAt);
}

/// <summary>A payment as its customer sees it: what was charged, how, and what came back. Never card data.</summary>
public sealed record PaymentView(
    Guid Id, Guid OrderId, decimal Amount, string Currency, string Provider, string Status, string? ProviderReference,
    string? FailureCode, string? FailureReason, IReadOnlyList<RefundView> Refunds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PaymentView Of(Payment payment) => new(
        payment.Id, payment.OrderId, payment.Amount, payment.Currency, payment.Provider, payment.Status.ToString(), payment.ProviderReference,
        payment.FailureCode, payment.FailureReason, [.. payment.Refunds.OrderBy(r => r.CreatedAt).Select(RefundView.Of)],
        payment.CreatedAt, payment.UpdatedAt);
}

public sealed record PaymentPage(IReadOnlyList<PaymentView> Items, int Page, int PageSize, int TotalCount);

public sealed record PaymentQuery(int Page = 1, int PageSize = 20)
{
    public const int MaxPageSize = 100;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Page < 1)
        {
            errors["page"] = ["Pages start at 1."];
        }
        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Use 1 to {MaxPageSize} payments a page."];
        }
        return errors;
    }
}
