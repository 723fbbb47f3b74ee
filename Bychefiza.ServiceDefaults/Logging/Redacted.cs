using Microsoft.Extensions.Compliance.Redaction;

namespace Bychefiza.ServiceDefaults.Logging;

/// <summary>
/// Replaces a classified value with <c>[redacted]</c>: a reader sees that there was a value and that it
/// was withheld, where an empty string would look like a missing one.
/// </summary>
public sealed class Redacted : Redactor
{
    private const string Text = "[redacted]";

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Text.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        Text.AsSpan().CopyTo(destination);
        return Text.Length;
    }
}
