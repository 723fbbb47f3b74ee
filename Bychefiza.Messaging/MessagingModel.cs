using Bychefiza.Messaging.Inbox;
using Bychefiza.Messaging.Outbox;

namespace Microsoft.EntityFrameworkCore;

/// <summary>The outbox and inbox tables, added to a service's model in its <c>OnModelCreating</c>.</summary>
public static class MessagingModel
{
    /// <summary>The <c>OutboxMessages</c> table: what this service has to publish.</summary>
    public static ModelBuilder AddOutbox(this ModelBuilder builder)
    {
        builder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("OutboxMessages");
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).ValueGeneratedNever();
            message.Property(m => m.Type).HasMaxLength(200).IsRequired();
            message.Property(m => m.Payload).HasColumnType("jsonb").IsRequired();
            message.Property(m => m.TraceParent).HasMaxLength(128);
            message.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
            // The relay only ever looks for unsent rows, oldest first; sent rows stay out of the index.
            message.HasIndex(m => m.OccurredAt).HasDatabaseName("IX_OutboxMessages_Unsent").HasFilter("\"SentAt\" IS NULL");
        });
        return builder;
    }

    /// <summary>The <c>InboxMessages</c> table: which events each of this service's handlers has applied.</summary>
    public static ModelBuilder AddInbox(this ModelBuilder builder)
    {
        builder.Entity<InboxMessage>(message =>
        {
            message.ToTable("InboxMessages");
            message.HasKey(m => new { m.EventId, m.Consumer });
            message.Property(m => m.Consumer).HasMaxLength(200);
            message.Property(m => m.Type).HasMaxLength(200).IsRequired();
        });
        return builder;
    }
}
