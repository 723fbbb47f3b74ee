using System.Text.Json;
using System.Text.Json.Serialization;
using Bychefiza.Products.Apis;

namespace Bychefiza.Products.Catalog;

/// <summary>The shop's cached reads as JSON, serialised by generated code (web defaults, as the API answers).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ProductPage))]
[JsonSerializable(typeof(ProductView))]
[JsonSerializable(typeof(IReadOnlyList<CategoryNode>))]
public sealed partial class CatalogJson : JsonSerializerContext;
