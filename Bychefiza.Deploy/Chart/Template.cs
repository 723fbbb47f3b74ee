using System.Text.RegularExpressions;

namespace Bychefiza.Deploy.Chart;

/// <summary>
/// A hand-written template of Bychefiza.Deploy/Templates, embedded in the assembly: Helm template
/// text with <c>@name@</c> holes that the generator fills.
/// </summary>
public static partial class Template
{
    [GeneratedRegex("@[a-zA-Z]+@")]
    private static partial Regex Hole();

    public static string Fill(string name, IReadOnlyDictionary<string, string> holes)
    {
        var text = Read(name);
        var filled = Hole().Replace(text, match =>
            holes.TryGetValue(match.Value.Trim('@'), out var value)
                ? value
                : throw new InvalidOperationException($"Template {name} has a hole {match.Value} that nothing fills."));
        return filled;
    }

    public static string Read(string name)
    {
        using var stream = typeof(Template).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"No embedded template {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
