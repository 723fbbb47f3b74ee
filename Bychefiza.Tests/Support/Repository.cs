using System.Reflection;

namespace Bychefiza.Tests.Support;

public static class Repository
{
    /// <summary>The checkout this test assembly was built from (the folder holding Bychefiza.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration the tests (and so the AppHost) were built in.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bychefiza.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Bychefiza.sln above {AppContext.BaseDirectory}");
    }
}
