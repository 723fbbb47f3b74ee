namespace Bychefiza.Users.Model;

/// <summary>The picture formats the shop takes, told apart by their signatures, never by a file name or a claimed type.</summary>
public static class ImageFormat
{
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    /// <summary>The media type of <paramref name="content"/>, or null when it is none of PNG, JPEG and WebP.</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Png))
        {
            return "image/png";
        }
        if (content.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }
        // RIFF, a 4-byte length, then WEBP and a VP8 chunk.
        if (content.Length >= 16 && content[..4].SequenceEqual("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8) && content[12..15].SequenceEqual("VP8"u8))
        {
            return "image/webp";
        }
        return null;
    }
}
