using Bychefiza.Bench;
using Bychefiza.Bench.Ceiling;

// bench run [--quick]            the whole benchmark; writes docs/performance.md
// bench run --checkout-only      the graph and the checkout scenario alone, printed (for profiling)
// bench run --browse-only        the graph, the ceiling and browse scenarios alone, printed (for profiling)
// bench ceiling <port>           the bare Kestrel endpoint (started by `run`)
// bench bare-proxy <port> <to>   YARP with no features in front of it (started by `run`)
// bench soak --minutes N         mixed traffic with faults injected for N minutes, then the consistency audit
return args switch
{
    ["ceiling", var port] => await CeilingEndpoint.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)),
    ["bare-proxy", var port, var to] => await BareProxy.RunAsync(int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), to),
    ["soak", "--minutes", var minutes] => await Bychefiza.Bench.Soak.SoakRun.RunAsync(TimeSpan.FromMinutes(double.Parse(minutes, System.Globalization.CultureInfo.InvariantCulture))),
    ["run", .. var rest] when RunOptionsAreValid(rest) =>
        await BenchRun.RunAsync(BenchSettings.For(rest.Contains("--quick")), Repository.Root(), rest.Contains("--checkout-only"), rest.Contains("--browse-only")),
    _ => Usage(),
};

// Known options, each once, and at most one of the two modes: a misspelt option must not start a full run.
static bool RunOptionsAreValid(string[] options) =>
    options.All(option => option is "--quick" or "--checkout-only" or "--browse-only")
    && options.Distinct().Count() == options.Length
    && !(options.Contains("--checkout-only") && options.Contains("--browse-only"));

static int Usage()
{
    Console.Error.WriteLine("usage: Bychefiza.Bench run [--quick] [--checkout-only | --browse-only] | ceiling <port> | bare-proxy <port> <destination> | soak --minutes N");
    return 2;
}
