using Bychefiza.Users.Model;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Data;

/// <summary>The users service's own database, <c>userdb</c>; no other service reads it.</summary>
public sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : DbContext(options)
{
    public DbSet<UserProfile> Profiles => Set<UserProfile>();

    public DbSet<Address> Addresses => Set<Address>();

    public DbSet<Avatar> Avatars => Set<Avatar>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<CartLine> CartLines => Set<CartLine>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.AddOutbox();
        builder.AddInbox();

        builder.Entity<UserProfile>(profile =>
        {
            profile.ToTable("Profiles");
            profile.Property(p => p.Id).ValueGeneratedNever();
            profile.Property(p => p.Email).HasMaxLength(256);
            profile.Property(p => p.DisplayName).HasMaxLength(ProfileLimits.DisplayName);
            profile.Property(p => p.Phone).HasMaxLength(16);
            profile.Property(p => p.Bio).HasMaxLength(ProfileLimits.Bio);
            profile.Property(p => p.Locale).HasMaxLength(35);
            profile.Property(p => p.TimeZone).HasMaxLength(64);
            profile.ComplexProperty(p => p.Preferences, preferences =>
            {
                preferences.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
                preferences.Property(p => p.Language).HasMaxLength(35);
                preferences.Ignore(p => p.OrderUpdates);
            });
            // Admins search by name and email (ILIKE '%…%'): trigram indexes keep that off a sequential scan.
            profile.HasIndex(p => p.Email).HasMethod("gin").HasOperators("gin_trgm_ops");
            profile.HasIndex(p => p.DisplayName).HasMethod("gin").HasOperators("gin_trgm_ops");
        });
        builder.HasPostgresExtension("pg_trgm");

        builder.Entity<Address>(address =>
        {
            address.ToTable("Addresses");
            address.Property(a => a.Label).HasMaxLength(50);
            address.Property(a => a.FullName).HasMaxLength(200);
            address.Property(a => a.Line1).HasMaxLength(200);
            address.Property(a => a.Line2).HasMaxLength(200);
            address.Property(a => a.City).HasMaxLength(100);
            address.Property(a => a.PostalCode).HasMaxLength(12);
            address.Property(a => a.Country).HasMaxLength(2).IsFixedLength();
            address.Property(a => a.Phone).HasMaxLength(16);
            address.HasOne<UserProfile>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            address.HasIndex(a => new { a.UserId, a.CreatedAt });
            // The database holds the rule too: two requests racing cannot leave two defaults.
            address.HasIndex(a => a.UserId).IsUnique().HasFilter("\"IsDefaultShipping\"").HasDatabaseName("IX_Addresses_DefaultShipping");
        });

        builder.Entity<Avatar>(avatar =>
        {
            avatar.ToTable("Avatars");
            avatar.HasKey(a => a.UserId);
            avatar.Property(a => a.ContentType).HasMaxLength(20);
            avatar.Property(a => a.ETag).HasMaxLength(64);
            avatar.HasOne<UserProfile>().WithOne().HasForeignKey<Avatar>(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CartLine>(line =>
        {
            line.ToTable("CartLines");
            line.HasKey(l => new { l.UserId, l.ProductId });
            line.HasOne<UserProfile>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Notification>(notification =>
        {
            notification.ToTable("Notifications");
            notification.Property(n => n.Id).ValueGeneratedNever();
            notification.Property(n => n.Kind).HasMaxLength(40);
            notification.Property(n => n.Title).HasMaxLength(200);
            notification.Property(n => n.Body).HasMaxLength(2000);
            notification.Property(n => n.EmailTo).HasMaxLength(256);
            notification.HasOne<UserProfile>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            // "My notifications, newest first"; the mailer's queue of unsent mail stays small.
            notification.HasIndex(n => new { n.UserId, n.CreatedAt });
            notification.HasIndex(n => n.CreatedAt).HasDatabaseName("IX_Notifications_Unmailed").HasFilter("\"EmailTo\" IS NOT NULL AND \"EmailSentAt\" IS NULL");
        });
    }
}
