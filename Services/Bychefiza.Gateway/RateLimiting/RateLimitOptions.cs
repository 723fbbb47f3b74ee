namespace Bychefiza.Gateway.RateLimiting;

/// <summary>A budget of requests over a sliding window.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}

/// <summary>The <c>RateLimiting</c> section: every limit is configuration.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Callers without a token, per client IP.</summary>
    public RateLimit Anonymous { get; set; } = new() { PermitLimit = 300 };

    /// <summary>Signed-in callers, per user.</summary>
    public RateLimit SignedIn { get; set; } = new() { PermitLimit = 600 };

    /// <summary>The endpoints that guess passwords or send mail, per client IP (on top of the above).</summary>
    public RateLimit SensitivePerIp { get; set; } = new() { PermitLimit = 10 };

    /// <summary>The same endpoints, per email address in the body, whatever IP it comes from.</summary>
    public RateLimit SensitivePerEmail { get; set; } = new() { PermitLimit = 10 };

    public string[] SensitivePaths { get; set; } = ["/api/auth/login", "/api/auth/register", "/api/auth/forgot-password"];
}
