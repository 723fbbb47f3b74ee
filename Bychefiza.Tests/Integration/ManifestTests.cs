using System.Diagnostics;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

public sealed class ManifestTests
{
    [Fact]
    public async Task Committed_manifest_is_what_the_apphost_publishes()
    {
        // Written beside the committed file: project paths in a manifest are relative to its folder.
        var fresh = Path.Combine(Repository.Root, $".aspire-manifest.{Guid.NewGuid():N}.json");
        try
        {
            await PublishManifestAsync(fresh);

            var committed = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "aspire-manifest.json"), TestContext.Current.CancellationToken);
            var published = await File.ReadAllTextAsync(fresh, TestContext.Current.CancellationToken);
            Assert.True(Normalize(committed) == Normalize(published),
                "aspire-manifest.json is out of date: run './bychefiza publish' and commit the result.");
        }
        finally
        {
            File.Delete(fresh);
        }
    }

    private static string Normalize(string manifest) => manifest.ReplaceLineEndings("\n").Trim();

    private static async Task PublishManifestAsync(string outputPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(Repository.Root, "Bychefiza.AppHost"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", Repository.Configuration, "--", "--publisher", "manifest", "--output-path", outputPath })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"Publishing the manifest failed:\n{await output}\n{await errors}");
    }
}
