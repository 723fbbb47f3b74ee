namespace Bychefiza.AppHost.Infrastructure.Processes;

/// <summary>
/// One AppHost run in processes mode: its id, its state folder (data of PostgreSQL and RabbitMQ) and
/// the ports it hands out. Every process of the run carries <see cref="RunVariable"/> in its
/// environment, so that none can outlive the AppHost unnoticed (see <see cref="RunProcesses"/>).
/// </summary>
internal sealed class ProcessRun
{
    public const string RunVariable = "BYCHEFIZA_RUN";
    public const string OwnerVariable = "BYCHEFIZA_APPHOST_PID";

    private readonly HashSet<int> _ports = [];

    private ProcessRun(string id, string stateFolder, string scriptsFolder)
    {
        Id = id;
        StateFolder = stateFolder;
        ScriptsFolder = scriptsFolder;
    }

    public string Id { get; }

    public string StateFolder { get; }

    public string ScriptsFolder { get; }

    public static ProcessRun Create(IDistributedApplicationBuilder builder)
    {
        var id = builder.Configuration["Infrastructure:RunId"] is { Length: > 0 } given ? given : Guid.NewGuid().ToString("N")[..12];
        var root = builder.Configuration["Infrastructure:StateRoot"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "bychefiza");

        RunProcesses.RemoveRunsOfDeadAppHosts(root);

        var stateFolder = Path.Combine(root, id);
        Directory.CreateDirectory(stateFolder);
        File.WriteAllText(Path.Combine(stateFolder, RunProcesses.OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var scripts = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Processes", "scripts");
        return new ProcessRun(id, stateFolder, scripts);
    }

    public string Folder(string name) => Path.Combine(StateFolder, name);

    public string Script(string name) => Path.Combine(ScriptsFolder, name);

    /// <summary>
    /// A free loopback port, fixed for the whole run: a restarted PostgreSQL or RabbitMQ comes back at
    /// the address the services already hold.
    /// </summary>
    public int AllocatePort() => LoopbackPorts.Free(_ports);
}
