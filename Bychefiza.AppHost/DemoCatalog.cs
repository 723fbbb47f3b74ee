namespace Bychefiza.AppHost;

internal static class DemoCatalogExtensions
{
    /// <summary>
    /// In local runs (and tests), an empty catalog is filled with the demo shop's 1,000 products. A
    /// deployment starts empty: nothing of this reaches the manifest.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDemoCatalog(this IResourceBuilder<ProjectResource> products) =>
        products.ApplicationBuilder.ExecutionContext.IsRunMode ? products.WithEnvironment("Catalog__SeedDemoData", "true") : products;
}
