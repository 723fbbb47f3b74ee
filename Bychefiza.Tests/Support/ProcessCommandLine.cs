namespace Bychefiza.Tests.Support;

/// <summary>What a process was started with, from /proc; empty once it has gone.</summary>
public static class ProcessCommandLine
{
    public static string[] Of(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
    }
}
