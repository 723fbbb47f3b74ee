using Bychefiza.Users.Model;

namespace Bychefiza.Tests.Unit;

/// <summary>Pictures are recognised by their signatures; everything else is refused whatever it claims to be.</summary>
public sealed class ImageFormatTests
{
    [Fact]
    public void Png_jpeg_and_webp_are_recognised_by_their_first_bytes()
    {
        Assert.Equal("image/png", ImageFormat.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));
        Assert.Equal("image/jpeg", ImageFormat.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. "JFIF"u8]));
        Assert.Equal("image/webp", ImageFormat.Detect([.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8, 0, 0]));
    }

    [Theory]
    [InlineData("MZ")]                    // a Windows executable
    [InlineData("\u007fELF")]             // a Linux one
    [InlineData("<svg xmlns=")]           // SVG can carry script
    [InlineData("GIF89a")]                // a real picture, but not one we take
    [InlineData("RIFF\u0024\0\0\0WAVEfmt ")] // RIFF that is not WebP
    [InlineData("")]
    public void Anything_else_is_not_a_picture(string start) =>
        Assert.Null(ImageFormat.Detect(System.Text.Encoding.Latin1.GetBytes(start.PadRight(32, '\0'))));
}
