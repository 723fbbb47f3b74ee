namespace Bychefiza.AppHost;

internal static class ExternalSignInExtensions
{
    /// <summary>
    /// In local runs, hands the AppHost's <c>Auth:External</c> settings (its user secrets, typically)
    /// to the auth service, so a developer enables Google, GitHub or an OpenID Connect provider without
    /// touching the service. A deployment sets them on the auth service as secrets; client secrets
    /// never reach the manifest.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithExternalSignInSettings(this IResourceBuilder<ProjectResource> auth)
    {
        var builder = auth.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return auth;
        }

        foreach (var provider in builder.Configuration.GetSection("Auth:External").GetChildren())
        {
            foreach (var setting in provider.GetChildren().Where(s => s.Value is not null))
            {
                auth.WithEnvironment($"Auth__External__{provider.Key}__{setting.Key}", setting.Value);
            }
        }
        return auth;
    }
}
