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

    [GeneratedRegex("^@(?<hole>[a-zA-Z]+)@\n", RegexOptions.Multiline)]
    private static partial Regex HoleLine();

    public static string Fill(string name, IReadOnlyDictionary<string, string> holes)
    {
        // A hole alone on its line that is filled with nothing leaves no empty line behind.
        var text = HoleLine().Replace(Read(name), match =>
            holes.TryGetValue(match.Groups["hole"].Value, out var value) && value.Length == 0 ? "" : match.Value);
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
