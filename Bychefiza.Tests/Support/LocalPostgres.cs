using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bychefiza.AppHost.Infrastructure.Processes;

namespace Bychefiza.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server of the Debian binaries (the ones processes mode runs), on a free
/// loopback port with trust authentication, for tests that need a real database but not the graph.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly Process _server;
    private readonly List<string> _log = [];

    private LocalPostgres(string bin, string folder, int port, Process server)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
        _server = server;
    }

    public int Port { get; }

    public static async Task<LocalPostgres> StartAsync()
    {
        var bin = Binaries.PostgresBin();
        var folder = Directory.CreateTempSubdirectory("bychefiza-postgres-").FullName;
        var data = Path.Combine(folder, "data");
        // initdb and postgres refuse root: run them as the postgres user, which must own the folder.
        var asPostgres = Environment.UserName == "root" ? new[] { "setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups" } : [];
        if (asPostgres.Length > 0)
        {
            await RequireAsync(Command.RunAsync("chown", ["postgres:postgres", folder]));
        }
        string[] initdb = [.. asPostgres, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        await RequireAsync(Command.RunAsync(initdb[0], initdb[1..]));

        var port = FreePort();
        string[] postgres = [.. asPostgres, Path.Combine(bin, "postgres"), "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"];
        var start = new ProcessStartInfo(postgres[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in postgres[1..])
        {
            start.ArgumentList.Add(argument);
        }
        var server = new LocalPostgres(bin, folder, port, Process.Start(start)!);
        server.ReadLog();
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>Runs SQL (<paramref name="sql"/>, or the file <paramref name="file"/>) in <paramref name="database"/>; stops at the first error.</summary>
    public async Task<string> PsqlAsync(string database, string? sql = null, string? file = null)
    {
        string[] arguments = ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", database,
            "-v", "ON_ERROR_STOP=1", "-q", "-tA", .. (sql is not null ? new[] { "-c", sql } : new[] { "-f", file! })];
        var result = await Command.RunAsync(Path.Combine(_bin, "psql"), arguments);
        Assert.True(result.ExitCode == 0, $"psql on {database} failed: {result}");
        return result.Output.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        // SIGINT is PostgreSQL's fast shutdown.
        await Command.RunAsync("kill", ["-INT", _server.Id.ToString(CultureInfo.InvariantCulture)]);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _server.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _server.Kill(entireProcessTree: true);
        }
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var ready = await Command.RunAsync(Path.Combine(_bin, "pg_isready"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-q"]);
            if (ready.ExitCode == 0)
            {
                return;
            }
            Assert.False(_server.HasExited, $"PostgreSQL ended at start:\n{string.Join('\n', _log)}");
            Assert.True(DateTime.UtcNow < until, "PostgreSQL did not answer within 30 s");
            await Task.Delay(100);
        }
    }

    // The server logs to stderr; a pipe nobody reads would fill and stop it.
    private void ReadLog()
    {
        _server.OutputDataReceived += (_, line) => Keep(line.Data);
        _server.ErrorDataReceived += (_, line) => Keep(line.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
    }

    private void Keep(string? line)
    {
        lock (_log)
        {
            if (line is not null)
            {
                _log.Add(line);
            }
        }
    }

    private static async Task RequireAsync(Task<Command.Result> command)
    {
        var result = await command;
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
