using Bychefiza.Payments.Model;
using Bychefiza.Payments.Providers;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Payments.Data;

/// <summary>The payments service's own database, <c>paymentdb</c>; no other service reads it.</summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<ProcessedWebhookEvent> ProcessedWebhookEvents => Set<ProcessedWebhookEvent>();

    /// <summary>The simulator's charges and refunds: what the simulated provider did, apart from what the shop recorded.</summary>
    public DbSet<SimulatedCharge> SimulatedCharges => Set<SimulatedCharge>();

    /// <summary>
    /// Takes the order's lock for the rest of the current transaction (a PostgreSQL advisory lock, so it
    /// works before the order has any row here): the payment work of one order runs one at a time.
    /// </summary>
    public Task LockOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({BitConverter.ToInt64(orderId.ToByteArray(), 8)})", cancellationToken);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.AddOutbox();
        builder.AddInbox();

        builder.Entity<Payment>(payment =>
        {
            // One payment per order: a duplicate OrderCreated, however it arrives, cannot charge twice.
            payment.HasIndex(p => p.OrderId).IsUnique();
            // Ids are made in the model (version 7 GUIDs), so EF adds what it finds new rather than updating it.
            payment.Property(p => p.Id).ValueGeneratedNever();
            payment.HasIndex(p => new { p.CustomerId, p.CreatedAt });
            payment.HasIndex(p => p.ProviderReference);
            payment.Property(p => p.Amount).HasPrecision(12, 2);
            payment.Property(p => p.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
            payment.Property(p => p.Provider).HasMaxLength(20).IsRequired();
            payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(10);
            payment.Property(p => p.ProviderReference).HasMaxLength(200);
            payment.Property(p => p.FailureCode).HasMaxLength(100);
            payment.Property(p => p.FailureReason).HasMaxLength(500);
            payment.HasMany(p => p.Refunds).WithOne().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Refund>(refund =>
        {
            refund.Property(r => r.Id).ValueGeneratedNever();
            refund.Property(r => r.Amount).HasPrecision(12, 2);
            refund.Property(r => r.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
            refund.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
            refund.Property(r => r.Reason).HasMaxLength(500).IsRequired();
            refund.Property(r => r.ProviderReference).HasMaxLength(200);
            refund.Property(r => r.FailureCode).HasMaxLength(100);
            refund.Property(r => r.FailureReason).HasMaxLength(500);
        });

        builder.Entity<ProcessedWebhookEvent>(processed =>
        {
            processed.HasKey(e => new { e.Provider, e.EventId });
            processed.Property(e => e.Provider).HasMaxLength(20);
            processed.Property(e => e.EventId).HasMaxLength(255);
            processed.Property(e => e.Type).HasMaxLength(100).IsRequired();
        });

        builder.Entity<SimulatedCharge>(charge =>
        {
            charge.HasKey(c => c.IdempotencyKey);
            charge.Property(c => c.IdempotencyKey).HasMaxLength(255);
            charge.Property(c => c.Kind).HasConversion<string>().HasMaxLength(10);
            charge.Property(c => c.Reference).HasMaxLength(100).IsRequired();
            charge.HasIndex(c => c.Reference).IsUnique();
            charge.Property(c => c.Source).HasMaxLength(200).IsRequired();
            charge.Property(c => c.Amount).HasPrecision(12, 2);
            charge.Property(c => c.Currency).HasMaxLength(3).IsRequired();
            charge.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            charge.Property(c => c.DeclineCode).HasMaxLength(100);
            charge.Property(c => c.DeclineReason).HasMaxLength(500);
        });
    }
}
