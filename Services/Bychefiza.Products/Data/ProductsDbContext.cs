using Bychefiza.Products.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Data;

/// <summary>The products service's own database, <c>productdb</c>; no other service reads it.</summary>
public sealed class ProductsDbContext(DbContextOptions<ProductsDbContext> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<Promotion> Promotions => Set<Promotion>();

    public DbSet<StockReservation> Reservations => Set<StockReservation>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.HasPostgresExtension("pg_trgm");
        builder.AddOutbox();
        builder.AddInbox();
        Trigrams.Map(builder);

        builder.Entity<Category>(category =>
        {
            category.Property(c => c.Name).HasMaxLength(100).IsRequired();
            category.Property(c => c.Slug).HasMaxLength(100).IsRequired();
            category.HasIndex(c => c.Slug).IsUnique();
            category.HasOne<Category>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Product>(product =>
        {
            product.Property(p => p.Sku).HasMaxLength(32).IsRequired();
            product.HasIndex(p => p.Sku).IsUnique();
            product.Property(p => p.Name).HasMaxLength(200).IsRequired();
            product.Property(p => p.Description).HasMaxLength(4000).IsRequired();
            product.Property(p => p.Price).HasPrecision(12, 2);
            product.Property(p => p.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
            product.Property(p => p.Version).IsRowVersion();
            product.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            product.ToTable(t =>
            {
                t.HasCheckConstraint("CK_Products_Stock", "\"Stock\" >= 0");
                t.HasCheckConstraint("CK_Products_Price", "\"Price\" >= 0");
            });

            // Name and SKU outrank the description; the GIN index serves @@ queries.
            product.Property(p => p.SearchVector).HasComputedColumnSql(
                "setweight(to_tsvector('english', coalesce(\"Name\", '') || ' ' || coalesce(\"Sku\", '')), 'A') || " +
                "setweight(to_tsvector('english', coalesce(\"Description\", '')), 'C')",
                stored: true);
            product.HasIndex(p => p.SearchVector).HasMethod("GIN");
            product.HasIndex(p => p.Name).HasMethod("GIN").HasOperators("gin_trgm_ops").HasDatabaseName("IX_Products_Name_Trigrams");

            // The shop's filters and sorts, over the products it shows (archived ones are not).
            product.HasIndex(p => new { p.CategoryId, p.Price }).HasFilter("\"ArchivedAt\" IS NULL");
            product.HasIndex(p => p.Price).HasFilter("\"ArchivedAt\" IS NULL");
            product.HasIndex(p => p.CreatedAt).HasFilter("\"ArchivedAt\" IS NULL");
            product.HasIndex(p => p.Name).HasFilter("\"ArchivedAt\" IS NULL").HasDatabaseName("IX_Products_Name_Sort");
        });

        builder.Entity<Promotion>(promotion =>
        {
            promotion.Property(p => p.Name).HasMaxLength(100).IsRequired();
            promotion.Property(p => p.PercentOff).HasPrecision(5, 2);
            promotion.Property(p => p.AmountOff).HasPrecision(12, 2);
            promotion.HasIndex(p => new { p.StartsAt, p.EndsAt });
            promotion.HasOne<Category>().WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
            promotion.ToTable(t => t.HasCheckConstraint("CK_Promotions_OneDiscount", "(\"PercentOff\" IS NULL) <> (\"AmountOff\" IS NULL)"));
        });

        builder.Entity<StockReservation>(reservation =>
        {
            reservation.HasKey(r => new { r.OrderId, r.ProductId });
            reservation.Property(r => r.UnitPrice).HasPrecision(12, 2);
            reservation.Property(r => r.ProductName).HasMaxLength(200).IsRequired();
            reservation.Property(r => r.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
            reservation.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
            reservation.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Restrict);
            reservation.ToTable(t => t.HasCheckConstraint("CK_StockReservations_Quantity", "\"Quantity\" > 0"));
        });
    }
}
