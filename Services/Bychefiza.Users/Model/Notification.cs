namespace Bychefiza.Users.Model;

/// <summary>
/// Something the shop tells a person, made once per event (the inbox sees to that). It shows in the app
/// when <see cref="InApp"/>; it is mailed to <see cref="EmailTo"/> when set, by <c>NotificationMailer</c>
/// after the event's transaction has committed.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid UserId { get; init; }

    /// <summary>What it is about, e.g. <c>order-update</c>.</summary>
    public string Kind { get; init; } = "";

    public string Title { get; init; } = "";

    public string Body { get; init; } = "";

    /// <summary>The order it is about, when it is about one.</summary>
    public Guid? OrderId { get; init; }

    /// <summary>The event that caused it.</summary>
    public Guid EventId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public bool InApp { get; init; }

    public DateTimeOffset? ReadAt { get; set; }

    public string? EmailTo { get; init; }

    public DateTimeOffset? EmailSentAt { get; set; }

    public int EmailAttempts { get; set; }
}
