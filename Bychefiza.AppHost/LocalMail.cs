namespace Bychefiza.AppHost;

internal static class LocalMailExtensions
{
    /// <summary>
    /// In local runs, outgoing mail goes to .eml files in <c>Email:PickupDirectory</c> (default
    /// <c>.bychefiza/mail</c> in the repository). A deployment configures an SMTP relay instead, so
    /// nothing of this reaches the manifest.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalMailPickup(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return project;
        }

        var folder = builder.Configuration["Email:PickupDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".bychefiza", "mail"));
        return project.WithEnvironment("Email__PickupDirectory", folder);
    }
}
