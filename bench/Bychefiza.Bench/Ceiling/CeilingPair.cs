using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bychefiza.AppHost;

namespace Bychefiza.Bench.Ceiling;

/// <summary>
/// The bare endpoint and the bare proxy in front of it, as child processes of the bench; or the bare
/// proxy alone, in front of a server of the graph.
/// </summary>
internal sealed class CeilingPair : IAsyncDisposable
{
    private readonly List<Process> processes = [];

    public Uri Endpoint { get; private set; } = null!;

    public Uri Proxy { get; private set; } = null!;

    public static Task<CeilingPair> StartAsync() => StartAsync(destination: null, "/");

    /// <summary>The bare proxy alone, in front of <paramref name="destination"/>, which answers <paramref name="probePath"/> once it is up.</summary>
    public static Task<CeilingPair> StartProxyAsync(Uri destination, string probePath) => StartAsync(destination, probePath);

    private static async Task<CeilingPair> StartAsync(Uri? destination, string probePath)
    {
        var pair = new CeilingPair();
        try
        {
            if (destination is null)
            {
                var endpointPort = FreePort();
                pair.Endpoint = new Uri($"http://127.0.0.1:{endpointPort}/");
                pair.Start("ceiling", endpointPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await UntilAnswersAsync(pair.Endpoint);
            }
            else
            {
                pair.Endpoint = destination;
            }
            var proxyPort = FreePort();
            pair.Proxy = new Uri($"http://127.0.0.1:{proxyPort}/");
            pair.Start("bare-proxy", proxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture), pair.Endpoint.ToString());
            await UntilAnswersAsync(new Uri(pair.Proxy, probePath));
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private void Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Both are Release builds of the same runtime as the services, with their runtime settings
        // (Directory.Build.targets, and the variables the AppHost gives every API service).
        foreach (var (name, value) in RuntimeSettings.Variables)
        {
            start.Environment[name] = value;
        }
        processes.Add(Process.Start(start)!);
    }

    private static async Task UntilAnswersAsync(Uri url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await client.GetAsync(url);
                response.EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
