namespace Microsoft.EntityFrameworkCore;

/// <summary>Search text turned into a <c>LIKE</c>/<c>ILIKE</c> pattern that means the text, not wildcards.</summary>
public static class LikePatterns
{
    /// <summary>The escape character the patterns below use; pass it to <c>EF.Functions.ILike(…, …, Escape)</c>.</summary>
    public const string Escape = @"\";

    /// <summary>Matches any value that contains <paramref name="text"/> (trimmed); <c>%</c>, <c>_</c> and <c>\</c> in it are literal.</summary>
    public static string Containing(string text) =>
        $"%{text.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal)}%";
}
