using System.Text.RegularExpressions;
using Bychefiza.Products.Catalog;
using Bychefiza.Products.Data;
using Bychefiza.Products.Model;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Apis;

/// <summary>A category with the products on it and on every category below it.</summary>
public sealed record CategoryNode(int Id, string Name, string Slug, int? ParentId, int ProductCount, IReadOnlyList<CategoryNode> Children);

public sealed record CategoryRequest(string? Name, string? Slug, int? ParentId, int? SortOrder);

/// <summary>The category tree: shoppers read it (cached), admins shape it.</summary>
public static partial class CategoriesApi
{
    public static IEndpointRouteBuilder MapCategoriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/categories").WithTags("Categories").AllowAnonymous()
            .MapGet("/", GetTreeAsync).WithName("GetCategoryTree");

        var admin = app.MapGroup("/api/categories").WithTags("Categories (admin)").RequireAuthorization(Policies.Admin);
        admin.MapPost("/", CreateAsync).WithName("CreateCategory");
        admin.MapPut("/{id:int}", UpdateAsync).WithName("UpdateCategory");
        admin.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteCategory");

        return app;
    }

    public static async Task<CachedJson<IReadOnlyList<CategoryNode>>> GetTreeAsync([AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        var tree = await services.Cache.GetOrCreateAsync("categories", async () =>
        {
            var categories = await services.Db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
            var counts = await services.Db.Products.Where(p => p.ArchivedAt == null)
                .GroupBy(p => p.CategoryId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            return ((IReadOnlyList<CategoryNode>)Build(categories, counts, parentId: null, []), (DateTimeOffset?)null);
        }, services.Time);
        return tree;
    }

    public static async Task<Results<Created<CategoryNode>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CategoryRequest request, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        var errors = await ValidateAsync(request, id: null, services.Db, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var category = new Category();
        Apply(request, category);
        services.Db.Categories.Add(category);
        if (!await services.SaveAsync(cancellationToken))
        {
            return SlugTaken();
        }
        return TypedResults.Created($"/api/categories/{category.Id}", new CategoryNode(category.Id, category.Name, category.Slug, category.ParentId, 0, []));
    }

    public static async Task<Results<Ok<CategoryNode>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        int id, CategoryRequest request, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        if (await services.Db.Categories.FindAsync([id], cancellationToken) is not { } category)
        {
            return TypedResults.NotFound();
        }
        var errors = await ValidateAsync(request, id, services.Db, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        Apply(request, category);
        if (!await services.SaveAsync(cancellationToken))
        {
            return SlugTaken();
        }
        return TypedResults.Ok(new CategoryNode(category.Id, category.Name, category.Slug, category.ParentId, 0, []));
    }

    /// <summary>Only an empty leaf goes: products (archived ones too, for old orders) and children keep a category.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        int id, [AsParameters] CatalogWriteServices services, CancellationToken cancellationToken)
    {
        if (await services.Db.Categories.FindAsync([id], cancellationToken) is not { } category)
        {
            return TypedResults.NotFound();
        }
        if (await services.Db.Products.AnyAsync(p => p.CategoryId == id, cancellationToken)
            || await services.Db.Categories.AnyAsync(c => c.ParentId == id, cancellationToken)
            || await services.Db.Promotions.AnyAsync(p => p.CategoryId == id, cancellationToken))
        {
            return TypedResults.Problem(title: "This category still has products, subcategories or promotions.", statusCode: StatusCodes.Status409Conflict);
        }

        services.Db.Categories.Remove(category);
        await services.SaveAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static List<CategoryNode> Build(List<Category> all, Dictionary<int, int> counts, int? parentId, HashSet<int> seen)
    {
        var nodes = new List<CategoryNode>();
        foreach (var category in all.Where(c => c.ParentId == parentId && seen.Add(c.Id)))
        {
            var children = Build(all, counts, category.Id, seen);
            var count = counts.GetValueOrDefault(category.Id) + children.Sum(c => c.ProductCount);
            nodes.Add(new CategoryNode(category.Id, category.Name, category.Slug, category.ParentId, count, children));
        }
        return nodes;
    }

    private static void Apply(CategoryRequest request, Category category)
    {
        category.Name = request.Name!.Trim();
        category.Slug = request.Slug!.Trim();
        category.ParentId = request.ParentId;
        category.SortOrder = request.SortOrder ?? 0;
    }

    private static ProblemHttpResult SlugTaken() => TypedResults.Problem(title: "Another category has this slug.", statusCode: StatusCodes.Status409Conflict);

    private static async Task<Dictionary<string, string[]>> ValidateAsync(CategoryRequest request, int? id, ProductsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 100)
        {
            errors["name"] = ["Give a name of at most 100 characters."];
        }
        if (request.Slug is null || !SlugPattern().IsMatch(request.Slug.Trim()))
        {
            errors["slug"] = ["Give a slug of lower-case letters, digits and dashes (at most 100)."];
        }
        if (request.ParentId is { } parentId)
        {
            var parents = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);
            if (!parents.ContainsKey(parentId))
            {
                errors["parentId"] = ["Give an existing parent category, or none."];
            }
            else if (id is { } self && IsAtOrBelow(parentId, self, parents))
            {
                errors["parentId"] = ["A category cannot sit under itself or one of its subcategories."];
            }
        }
        return errors;
    }

    private static bool IsAtOrBelow(int candidate, int ancestor, Dictionary<int, int?> parents)
    {
        var seen = new HashSet<int>();
        for (int? id = candidate; id is { } current && seen.Add(current); id = parents.GetValueOrDefault(current))
        {
            if (current == ancestor)
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex SlugPattern();
}
