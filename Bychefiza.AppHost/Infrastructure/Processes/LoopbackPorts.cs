using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>
/// Free loopback ports for servers that bind them seconds later. They are picked below the range the
/// kernel takes the source ports of outgoing connections from (and the ports a bind to port 0 gets):
/// a port from inside it could be taken in between by one of the run's own connections, or handed
/// to the orchestrator too. That happened: PostgreSQL once found its port in use at start.
/// </summary>
internal static class LoopbackPorts
{
    private const int Lowest = 10_000;

    // Linux's default start of the range; IANA's (macOS, Windows) starts at 49152.
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    public static int Free(ICollection<int> taken)
    {
        var below = EphemeralStart();
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(Lowest, below);
            if (!taken.Contains(port) && IsFree(port))
            {
                taken.Add(port);
                return port;
            }
        }
        throw new InvalidOperationException($"No free loopback port between {Lowest} and {below}.");
    }

    private static int EphemeralStart() =>
        File.Exists(EphemeralRange)
        && int.TryParse(File.ReadAllText(EphemeralRange).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
        && start > Lowest + 1000
            ? start
            : 49152;

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
