namespace Bychefiza.Bench.Ceiling;

/// <summary>
/// The machine's limit for one HTTP hop: Kestrel answering a fixed 1 KB JSON, no middleware, no logging.
/// </summary>
internal static class CeilingEndpoint
{
    /// <summary>1,024 bytes of JSON, built once.</summary>
    public static readonly byte[] Body = BuildBody();

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/", () => Results.Bytes(Body, "application/json"));
        await app.RunAsync();
        return 0;
    }

    private static byte[] BuildBody()
    {
        const string head = "{\"id\":\"bench\",\"padding\":\"";
        const string tail = "\"}";
        return System.Text.Encoding.UTF8.GetBytes(head + new string('x', 1024 - head.Length - tail.Length) + tail);
    }
}
