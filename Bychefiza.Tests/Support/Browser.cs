using Microsoft.Playwright;

namespace Bychefiza.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright for .NET: the package ships its driver, the browser is
/// <c>/usr/bin/chromium</c> from <c>./bychefiza setup</c>, never a download.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Chromium => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>Where screenshots go: <c>.bychefiza/test-results/screenshots</c> at the repository root.</summary>
    public static string ScreenshotFolder { get; } = FindScreenshotFolder();

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./bychefiza setup (it installs Debian's chromium).");
        }
        // Sign-in hashes with 210,000 PBKDF2 iterations and the graph shares two cores: wait longer than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh profile (no cookies, no storage) at the shop's address, with a default timeout suited to a shared machine.</summary>
    public async Task<IPage> NewPageAsync(Uri shop, int width = 1280, int height = 900)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = shop.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
    }

    private static string FindScreenshotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bychefiza.sln")))
            {
                return Path.Combine(dir.FullName, ".bychefiza", "test-results", "screenshots");
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "screenshots");
    }
}
