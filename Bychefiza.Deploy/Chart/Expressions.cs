using System.Text.RegularExpressions;

namespace Bychefiza.Deploy.Chart;

/// <summary>The <c>{resource.path}</c> references inside a manifest value.</summary>
public static partial class Expressions
{
    [GeneratedRegex(@"\{(?<resource>[^{}.]+)\.(?<path>[^{}]+)\}")]
    private static partial Regex Reference();

    public static IEnumerable<(string Resource, string Path)> In(string text) =>
        Reference().Matches(text).Select(m => (m.Groups["resource"].Value, m.Groups["path"].Value));

    /// <summary>Replaces each reference with <paramref name="resolve"/>'s answer and each piece of literal text with <paramref name="literal"/>'s.</summary>
    public static string Replace(string text, Func<string, string, string> resolve, Func<string, string> literal)
    {
        var result = new System.Text.StringBuilder();
        var position = 0;
        foreach (Match match in Reference().Matches(text))
        {
            result.Append(literal(text[position..match.Index]));
            result.Append(resolve(match.Groups["resource"].Value, match.Groups["path"].Value));
            position = match.Index + match.Length;
        }
        result.Append(literal(text[position..]));
        return result.ToString();
    }
}
