namespace Bychefiza.Bench;

/// <summary>The repository's folders the bench reads (wrk scripts) and writes (docs/performance.md).</summary>
internal sealed record Repository(string Path)
{
    public string WrkScripts => System.IO.Path.Combine(Path, "bench", "wrk");

    public string PerformanceReport => System.IO.Path.Combine(Path, "docs", "performance.md");

    /// <summary>The folder holding Bychefiza.sln, found upwards from the working directory.</summary>
    public static Repository Root()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Bychefiza.sln")))
            {
                return new Repository(folder.FullName);
            }
        }
        throw new InvalidOperationException("Run the bench from inside the repository (no Bychefiza.sln found upwards).");
    }
}
