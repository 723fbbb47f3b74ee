using System.Net;
using System.Net.Http.Headers;
using Bychefiza.Tests.Support;

namespace Bychefiza.Tests.Integration;

/// <summary>Profile pictures: the bytes decide the format, the size is capped, and readers revalidate by ETag.</summary>
[Collection(GraphCollection.Name)]
public sealed class AvatarTests(GraphFixture fixture)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private TestGraph Graph => fixture.Graph;

    [Fact]
    public async Task A_png_named_exe_is_taken_served_to_anyone_with_an_etag_and_revalidated_with_304()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        var png = People.Png();

        using var uploaded = await People.UploadAvatarAsync(gateway, person.AccessToken, png, "holiday.exe", "application/octet-stream");
        using var first = await gateway.GetAsync($"/api/users/{person.UserId}/avatar", Cancellation);
        var etag = first.Headers.ETag;
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/users/{person.UserId}/avatar");
        revalidate.Headers.IfNoneMatch.Add(etag!);
        using var second = await gateway.SendAsync(revalidate, Cancellation);
        var profile = await People.ProfileAsync(gateway, person.AccessToken);

        Assert.Equal(HttpStatusCode.NoContent, uploaded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await first.Content.ReadAsByteArrayAsync(Cancellation));
        Assert.NotNull(etag);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge: not null }, $"Cache-Control: {first.Headers.CacheControl}");
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.True(profile!.HasAvatar);
    }

    [Fact]
    public async Task An_executable_named_png_is_refused_and_a_new_picture_changes_the_etag_and_deleting_removes_it()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);
        var executable = new byte[2048];
        "MZ"u8.CopyTo(executable);

        using var refused = await People.UploadAvatarAsync(gateway, person.AccessToken, executable, "avatar.png", "image/png");
        using var nothing = await gateway.GetAsync($"/api/users/{person.UserId}/avatar", Cancellation);
        using var firstUpload = await People.UploadAvatarAsync(gateway, person.AccessToken, People.Png(), "a.png", "image/png");
        var firstTag = await TagAsync(gateway, person.UserId);
        using var secondUpload = await People.UploadAvatarAsync(gateway, person.AccessToken, People.Png(), "b.png", "image/png");
        var secondTag = await TagAsync(gateway, person.UserId);
        using var deleted = await Accounts.SendAsync(gateway, HttpMethod.Delete, "/api/users/me/avatar", person.AccessToken);
        using var gone = await gateway.GetAsync($"/api/users/{person.UserId}/avatar", Cancellation);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nothing.StatusCode);
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (firstUpload.StatusCode, secondUpload.StatusCode));
        Assert.NotEqual(firstTag, secondTag);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_picture_over_2_MB_is_refused_by_the_service_while_other_routes_keep_the_gateways_1_MB_limit()
    {
        using var gateway = Graph.Client("gateway");
        var person = await People.RegisteredAsync(gateway);

        using var largest = await People.UploadAvatarAsync(gateway, person.AccessToken, People.Png(2 * 1024 * 1024), "largest.png", "image/png");
        using var tooLarge = await People.UploadAvatarAsync(gateway, person.AccessToken, People.Png(3 * 1024 * 1024), "large.png", "image/png");
        var serviceProblem = await People.ReadAsync<ProblemBody>(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        using var bigProfile = new HttpRequestMessage(HttpMethod.Put, "/api/users/me")
        {
            Content = new ByteArrayContent(new byte[1536 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        bigProfile.Headers.Authorization = new AuthenticationHeaderValue("Bearer", person.AccessToken);
        // The gateway answers without reading the body; waiting for "100 Continue" keeps the client
        // from still writing when the connection closes (a broken pipe instead of the 413).
        bigProfile.Headers.ExpectContinue = true;
        using var edgeRefused = await gateway.SendAsync(bigProfile, Cancellation);
        var edgeProblem = await People.ReadAsync<ProblemBody>(edgeRefused, HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(HttpStatusCode.NoContent, largest.StatusCode);
        Assert.Equal("The picture is too large.", serviceProblem.Title);
        Assert.Equal("The request body is too large.", edgeProblem.Title);
    }

    private static async Task<EntityTagHeaderValue?> TagAsync(HttpClient gateway, Guid userId)
    {
        using var response = await gateway.GetAsync($"/api/users/{userId}/avatar", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag;
    }
}
