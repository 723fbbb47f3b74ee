using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Bychefiza.Products.Catalog;

/// <summary>
/// A cached read as the UTF-8 JSON it was stored as: answered byte for byte, without turning it into
/// objects and back. OpenAPI still sees a 200 of <typeparamref name="T"/>.
/// </summary>
public sealed class CachedJson<T>(byte[] utf8, JsonTypeInfo<T> type) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    /// <summary>True when what was cached is "nothing there" (a product that does not exist).</summary>
    public bool IsNull => utf8.AsSpan().SequenceEqual("null"u8);

    /// <summary>The value itself, for the rare caller that needs more than the JSON.</summary>
    public T? Value => JsonSerializer.Deserialize(utf8, type);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        response.ContentLength = utf8.Length;
        return response.Body.WriteAsync(utf8, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
