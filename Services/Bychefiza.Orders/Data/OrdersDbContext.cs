using Bychefiza.Orders.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Data;

/// <summary>The orders service's own database, <c>orderdb</c>; no other service reads it.</summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.AddOutbox();
        builder.AddInbox();

        builder.Entity<Order>(order =>
        {
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            order.Property(o => o.Total).HasPrecision(14, 2);
            order.Property(o => o.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
            order.Property(o => o.Version).IsRowVersion();
            order.ComplexProperty(o => o.ShippingAddress, address =>
            {
                address.Property(a => a.FullName).HasMaxLength(200);
                address.Property(a => a.Line1).HasMaxLength(200);
                address.Property(a => a.Line2).HasMaxLength(200);
                address.Property(a => a.City).HasMaxLength(100);
                address.Property(a => a.PostalCode).HasMaxLength(20);
                address.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
            });
            order.OwnsMany(o => o.Lines, line =>
            {
                line.ToTable("OrderLines");
                line.WithOwner().HasForeignKey("OrderId");
                line.HasKey("OrderId", nameof(OrderLine.ProductId));
                line.Property(l => l.ProductName).HasMaxLength(200);
                line.Property(l => l.UnitPrice).HasPrecision(12, 2);
                line.Ignore(l => l.LineTotal);
            });
            order.Navigation(o => o.Lines).HasField("_lines").UsePropertyAccessMode(PropertyAccessMode.Field);
            order.OwnsMany(o => o.History, change =>
            {
                change.ToTable("OrderStatusChanges");
                change.WithOwner().HasForeignKey("OrderId");
                change.HasKey(c => c.Id);
                change.Property(c => c.Id).UseIdentityAlwaysColumn();
                change.Property(c => c.From).HasConversion<string>().HasMaxLength(20);
                change.Property(c => c.To).HasConversion<string>().HasMaxLength(20);
                change.Property(c => c.Reason).HasMaxLength(500);
            });
            order.Navigation(o => o.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);

            // "My orders, newest first", and the admin's filters and statistics over time.
            order.HasIndex(o => new { o.CustomerId, o.CreatedAt });
            order.HasIndex(o => o.CreatedAt);
            order.HasIndex(o => new { o.Status, o.CreatedAt });
            order.ToTable(t => t.HasCheckConstraint("CK_Orders_Total", "\"Total\" >= 0"));
        });

        builder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("IdempotencyKeys");
            record.HasKey(r => new { r.CustomerId, r.Key });
            record.Property(r => r.Key).HasMaxLength(255);
            record.Property(r => r.RequestHash).HasMaxLength(64).IsFixedLength();
            record.HasIndex(r => r.CreatedAt);
        });
    }
}
