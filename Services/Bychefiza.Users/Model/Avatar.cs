namespace Bychefiza.Users.Model;

/// <summary>The person's picture as uploaded, after its format was recognised from its bytes.</summary>
public sealed class Avatar
{
    public const int MaxBytes = 2 * 1024 * 1024;

    public Guid UserId { get; init; }

    public string ContentType { get; set; } = "";

    public byte[] Content { get; set; } = [];

    /// <summary>A strong validator of <see cref="Content"/>, quoted as HTTP sends it.</summary>
    public string ETag { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}
