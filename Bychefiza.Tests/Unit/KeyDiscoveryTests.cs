using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bychefiza.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Bychefiza.Tests.Unit;

/// <summary>
/// A service that meets a token signed with a key it does not know asks for the published keys again,
/// and the next validation uses what auth publishes then (security.md, key discovery).
/// </summary>
public sealed class KeyDiscoveryTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_an_unknown_kid_the_next_validation_waits_for_the_keys_published_since()
    {
        using var auth = new PublishedKeys();
        auth.Publish("key-1");
        var builder = Host.CreateApplicationBuilder();
        builder.AddBychefizaAuthentication();
        // The service's own key manager, built as every service builds it, reading auth's documents from here.
        builder.Services.AddHttpClient(TokenSettings.Section).ConfigurePrimaryHttpMessageHandler(() => auth);
        using var host = builder.Build();
        var keys = host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager!;
        Assert.Equal(["key-1"], KeyIds(await keys.GetConfigurationAsync(Cancellation)));

        auth.Publish("key-1", "key-2");
        // What the bearer handler does when a token's kid is in none of the keys it holds.
        keys.RequestRefresh();

        // Read at once, as the next request's validation reads it: the new key is there, not fetched
        // in the background for some later request.
        Assert.Equal(["key-1", "key-2"], KeyIds(await keys.GetConfigurationAsync(Cancellation)));
        Assert.Equal(2, auth.KeySetsServed);
    }

    /// <summary>
    /// A service calls <c>AddBychefizaAuthentication</c> before it makes any key manager, and
    /// IdentityModel reads the switch it sets once per process, at the first manager. The test
    /// process does the same before any test runs (<see cref="RememberedTokensTests"/> makes a manager
    /// of its own), so the order of the tests does not decide what this one sees.
    /// </summary>
    [ModuleInitializer]
    internal static void StartAsServicesDo() => Host.CreateEmptyApplicationBuilder(new()).AddBychefizaAuthentication();

    private static string[] KeyIds(OpenIdConnectConfiguration configuration) =>
        [.. configuration.SigningKeys.Select(key => key.KeyId).Order(StringComparer.Ordinal)];

    /// <summary>Auth's discovery document and key set, as <c>http://auth</c> serves them.</summary>
    private sealed class PublishedKeys : HttpMessageHandler
    {
        private const string KeySetPath = "/.well-known/jwks";

        private string _keySet = """{"keys":[]}""";
        private int _keySetsServed;

        public int KeySetsServed => _keySetsServed;

        public void Publish(params string[] keyIds) =>
            _keySet = JsonSerializer.Serialize(new { keys = keyIds.Select(PublicKey).ToArray() });

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path == KeySetPath)
            {
                Interlocked.Increment(ref _keySetsServed);
            }
            var body = path switch
            {
                "/.well-known/openid-configuration" => JsonSerializer.Serialize(new { issuer = new TokenSettings().Issuer, jwks_uri = $"http://auth{KeySetPath}" }),
                KeySetPath => _keySet,
                _ => null,
            };
            return Task.FromResult(body is null
                ? new HttpResponseMessage(HttpStatusCode.NotFound)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }

        private static object PublicKey(string keyId)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var point = key.ExportParameters(includePrivateParameters: false).Q;
            return new { kty = "EC", crv = "P-256", use = "sig", alg = "ES256", kid = keyId, x = Base64UrlEncoder.Encode(point.X), y = Base64UrlEncoder.Encode(point.Y) };
        }
    }
}
