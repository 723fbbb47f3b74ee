using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bychefiza.Tests.Support;

public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>What the stub answers, after <paramref name="Delay"/>, with <paramref name="Headers"/> besides its content type.</summary>
public sealed record StubResponse(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// A third party's API on loopback (Stripe's, PayPal's): it records every request and answers with
/// what the test's function returns, so a provider is tested against HTTP as it really speaks it.
/// </summary>
public sealed class HttpStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpStub(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<HttpStub> StartAsync(Func<RecordedRequest, StubResponse> respond)
    {
        var stub = new HttpStub(LoopbackServer.Create());
        stub._app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var request = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await reader.ReadToEndAsync());
            stub.Requests.Enqueue(request);
            var response = respond(request);
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, context.RequestAborted);
            }
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }
            await context.Response.WriteAsync(response.Body);
        });
        stub.BaseAddress = await stub._app.StartOnLoopbackAsync();
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
