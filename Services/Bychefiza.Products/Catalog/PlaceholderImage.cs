using System.Net;
using System.Text;

namespace Bychefiza.Products.Catalog;

/// <summary>A product picture drawn from the product itself: a colour from its id, its initials in the middle.</summary>
public static class PlaceholderImage
{
    public static byte[] Svg(Guid id, string name)
    {
        var bytes = id.ToByteArray();
        var hue = (bytes[0] | bytes[1] << 8) % 360;
        var initials = string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(word => char.ToUpperInvariant(word[0])));
        var svg = $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480" role="img" aria-label="{WebUtility.HtmlEncode(name)}">
              <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
                <stop offset="0" stop-color="hsl({hue},65%,62%)"/><stop offset="1" stop-color="hsl({(hue + 40) % 360},60%,42%)"/>
              </linearGradient></defs>
              <rect width="480" height="480" fill="url(#g)"/>
              <text x="240" y="272" font-family="Helvetica, Arial, sans-serif" font-size="120" font-weight="700" fill="#fff" text-anchor="middle">{WebUtility.HtmlEncode(initials)}</text>
            </svg>
            """;
        return Encoding.UTF8.GetBytes(svg);
    }
}
