using System.Diagnostics;

namespace Bychefiza.AppHost.Infrastructure;

/// <summary>How PostgreSQL, Redis and RabbitMQ run: as containers, or as local processes when no container runtime answers.</summary>
public enum InfrastructureMode
{
    Auto,
    Containers,
    Processes,
}

internal static class InfrastructureModeResolver
{
    /// <summary>
    /// Reads <c>Infrastructure:Mode</c>. Publishing always describes containers: the manifest is for a
    /// cluster, not for this machine.
    /// </summary>
    public static InfrastructureMode Resolve(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var configured = builder.Configuration["Infrastructure:Mode"];
        var mode = string.IsNullOrWhiteSpace(configured) ? InfrastructureMode.Auto
            : Enum.TryParse<InfrastructureMode>(configured, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw new DistributedApplicationException(
                $"Infrastructure:Mode is '{configured}'; it must be auto, containers or processes.");

        return mode != InfrastructureMode.Auto ? mode
            : ContainerRuntimeAnswers("docker") || ContainerRuntimeAnswers("podman") ? InfrastructureMode.Containers
            : InfrastructureMode.Processes;
    }

    // A docker client without an engine is common (CI images, this machine): only `info` proves an engine.
    private static bool ContainerRuntimeAnswers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info --format {{.ServerVersion}}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
