namespace Bychefiza.Products.Model;

/// <summary>A shelf of the shop; categories nest (a parent's page shows its children's products too).</summary>
public sealed class Category
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The category's name in URLs; unique.</summary>
    public string Slug { get; set; } = "";

    public int? ParentId { get; set; }

    public int SortOrder { get; set; }
}
