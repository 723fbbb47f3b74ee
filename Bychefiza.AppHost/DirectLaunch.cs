using System.Reflection;

namespace Bychefiza.AppHost;

internal static class DirectLaunchExtensions
{
    /// <summary>
    /// Starts each service's built assembly with <c>dotnet exec</c> instead of Aspire's default
    /// <c>dotnet run --no-build</c>, which evaluates the project with MSBuild first: about 1.5 s of CPU per
    /// service, seven at once on a 2-core machine, and a 130 MB launcher process that stays for the run.
    /// The AppHost's build builds every service, in its own configuration; a service whose assembly is
    /// not there (built elsewhere) keeps <c>dotnet run</c>. The orchestrator still appends the project's path
    /// and <c>--configuration</c>, which reach the service as two command-line settings nothing reads.
    /// </summary>
    public static void LaunchServicesDirectly(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode)
        {
            return;
        }

        var configuration = typeof(DirectLaunchExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            foreach (var project in @event.Model.Resources.OfType<ProjectResource>())
            {
                if (BuiltAssembly(project, configuration) is { } assembly)
                {
#pragma warning disable ASPIREPROJECTS001 // experimental: the only public way to replace the launch verb
                    project.Annotations.Add(new ProjectLaunchArgsOverrideAnnotation(["exec", assembly]));
#pragma warning restore ASPIREPROJECTS001
                }
            }
            return Task.CompletedTask;
        });
    }

    // Every service targets the SDK's framework (Directory.Build.props) and keeps its project's name.
    private static string? BuiltAssembly(ProjectResource project, string configuration)
    {
        var projectPath = project.GetProjectMetadata().ProjectPath;
        var assembly = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(projectPath) + ".dll");
        return File.Exists(assembly) ? assembly : null;
    }
}
