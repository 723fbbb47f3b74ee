namespace Bychefiza.Deploy.Chart;

/// <summary>Writes generated files into a folder that holds nothing else: files no longer generated are removed.</summary>
public static class ChartFolder
{
    public static void Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        if (Directory.Exists(folder))
        {
            foreach (var stale in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                         .Where(path => !files.ContainsKey(Relative(folder, path))))
            {
                File.Delete(stale);
            }
            foreach (var empty in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories)
                         .OrderByDescending(path => path.Length)
                         .Where(path => !Directory.EnumerateFileSystemEntries(path).Any()))
            {
                Directory.Delete(empty);
            }
        }
        foreach (var (path, content) in files)
        {
            var target = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, content);
        }
    }

    /// <summary>The files of <paramref name="folder"/> by relative path, as <see cref="Write"/> would leave them.</summary>
    public static SortedDictionary<string, string> Read(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Relative(folder, path), File.ReadAllText), StringComparer.Ordinal);

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');
}
