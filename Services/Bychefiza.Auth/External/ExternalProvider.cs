using System.Text.RegularExpressions;

namespace Bychefiza.Auth.External;

public enum ExternalProviderKind
{
    /// <summary>Any OpenID Connect provider, found through its <c>Authority</c>'s discovery document.</summary>
    OpenIdConnect,

    /// <summary>OpenID Connect at accounts.google.com.</summary>
    Google,

    /// <summary>GitHub's OAuth 2.0 (not OpenID Connect): identity from its REST API.</summary>
    GitHub,
}

/// <summary>
/// One entry of the <c>Auth:External</c> section, keyed by the name that appears in the URLs
/// (<c>/api/auth/external/{name}</c>). An entry without a client id is not a provider.
/// </summary>
public sealed class ExternalProviderOptions
{
    /// <summary>Defaults from the name: <c>google</c> and <c>github</c> are those; any other name is OpenID Connect.</summary>
    public ExternalProviderKind? Kind { get; set; }

    public string? DisplayName { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The issuer of an OpenID Connect provider.</summary>
    public string? Authority { get; set; }

    /// <summary>GitHub Enterprise Server, or a stand-in: where sign-in pages and the REST API are.</summary>
    public string GitHubWebUrl { get; set; } = "https://github.com";

    public string GitHubApiUrl { get; set; } = "https://api.github.com";
}

/// <summary>A configured external provider, as the API and the authentication scheme know it.</summary>
public sealed partial record ExternalProvider(string Name, ExternalProviderKind Kind, string DisplayName, ExternalProviderOptions Options)
{
    public const string Section = "Auth:External";

    public string Scheme => $"external-{Name}";

    public string CallbackPath => $"/api/auth/external/{Name}/callback";

    /// <summary>The providers the configuration enables; a half-configured one is an error at start, not a broken button.</summary>
    public static IReadOnlyList<ExternalProvider> FromConfiguration(IConfiguration configuration)
    {
        var providers = new List<ExternalProvider>();
        foreach (var entry in configuration.GetSection(Section).GetChildren())
        {
            var options = entry.Get<ExternalProviderOptions>() ?? new ExternalProviderOptions();
            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                continue;
            }

            var name = entry.Key.ToLowerInvariant();
            if (!NamePattern().IsMatch(name))
            {
                throw new InvalidOperationException($"{Section}:{entry.Key}: a provider's name is lower-case letters, digits and dashes.");
            }
            var kind = options.Kind ?? name switch
            {
                "google" => ExternalProviderKind.Google,
                "github" => ExternalProviderKind.GitHub,
                _ => ExternalProviderKind.OpenIdConnect,
            };
            if (string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                throw new InvalidOperationException($"{Section}:{entry.Key}: ClientSecret is missing.");
            }
            if (kind == ExternalProviderKind.OpenIdConnect && !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
            {
                throw new InvalidOperationException($"{Section}:{entry.Key}: an OpenID Connect provider needs an absolute Authority.");
            }

            var displayName = options.DisplayName ?? kind switch
            {
                ExternalProviderKind.Google => "Google",
                ExternalProviderKind.GitHub => "GitHub",
                _ => entry.Key,
            };
            providers.Add(new ExternalProvider(name, kind, displayName, options));
        }
        return providers;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex NamePattern();
}
