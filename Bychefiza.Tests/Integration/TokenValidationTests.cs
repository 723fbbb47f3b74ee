using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Bychefiza.Tests.Support;
using Npgsql;

namespace Bychefiza.Tests.Integration;

/// <summary>Tokens an attacker would try (RFC 8725), presented through the gateway and to the auth and users services directly.</summary>
[Collection(GraphCollection.Name)]
public sealed class TokenValidationTests(GraphFixture fixture)
{
    public static readonly TheoryData<string> Entrances = ["gateway", "auth", "users"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Entrances))]
    public async Task A_genuine_token_is_accepted(string entrance)
    {
        var tokens = await SignedInAsync();
        using var client = fixture.Graph.Client(entrance);

        using var response = await SignedInRequestAsync(entrance, client, tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Entrances))]
    public async Task A_token_with_a_changed_payload_is_refused(string entrance)
    {
        var tokens = await SignedInAsync();
        var parts = tokens.AccessToken.Split('.');
        var payload = Jwt.Payload(tokens.AccessToken).Deserialize<Dictionary<string, JsonElement>>()!;
        payload["role"] = JsonSerializer.SerializeToElement(new[] { "customer", "admin" });
        var tampered = $"{parts[0]}.{Jwt.Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";

        await AssertRefusedAsync(entrance, tampered);
    }

    [Theory]
    [MemberData(nameof(Entrances))]
    public async Task An_expired_token_signed_with_the_real_key_is_refused(string entrance)
    {
        var tokens = await SignedInAsync();
        var (keyId, key) = await SigningKeyOfAsync(tokens.AccessToken);
        using (key)
        {
            var expired = Forge(tokens.AccessToken, new { alg = "ES256", typ = "at+jwt", kid = keyId }, Jwt.Es256(key), lifetimeFromNow: TimeSpan.FromMinutes(-5));

            await AssertRefusedAsync(entrance, expired);
        }
    }

    [Theory]
    [MemberData(nameof(Entrances))]
    public async Task A_token_signed_with_the_real_key_but_missing_the_access_token_type_is_refused(string entrance)
    {
        var tokens = await SignedInAsync();
        var (keyId, key) = await SigningKeyOfAsync(tokens.AccessToken);
        using (key)
        {
            var untyped = Forge(tokens.AccessToken, new { alg = "ES256", typ = "JWT", kid = keyId }, Jwt.Es256(key), lifetimeFromNow: TimeSpan.FromMinutes(5));

            await AssertRefusedAsync(entrance, untyped);
        }
    }

    [Theory]
    [InlineData("gateway", "iss", "someone-else")]
    [InlineData("gateway", "aud", "another-api")]
    [InlineData("auth", "iss", "someone-else")]
    [InlineData("auth", "aud", "another-api")]
    [InlineData("users", "iss", "someone-else")]
    [InlineData("users", "aud", "another-api")]
    public async Task A_token_signed_with_the_real_key_for_another_issuer_or_audience_is_refused(string entrance, string claim, string value)
    {
        var tokens = await SignedInAsync();
        var (keyId, key) = await SigningKeyOfAsync(tokens.AccessToken);
        using (key)
        {
            var header = new { alg = "ES256", typ = "at+jwt", kid = keyId };
            var control = Forge(tokens.AccessToken, header, Jwt.Es256(key), lifetimeFromNow: TimeSpan.FromMinutes(5));
            var misdirected = Forge(tokens.AccessToken, header, Jwt.Es256(key), lifetimeFromNow: TimeSpan.FromMinutes(5), (claim, value));

            // The same forgery with the genuine claims passes: only the changed claim is refused.
            using var client = fixture.Graph.Client(entrance);
            using var accepted = await SignedInRequestAsync(entrance, client, control);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            await AssertRefusedAsync(entrance, misdirected);
        }
    }

    [Theory]
    [MemberData(nameof(Entrances))]
    public async Task An_hs256_token_keyed_with_the_public_key_is_refused(string entrance)
    {
        var tokens = await SignedInAsync();
        var (keyId, key) = await SigningKeyOfAsync(tokens.AccessToken);
        using (key)
        {
            // The classic algorithm confusion: HMAC keyed with bytes the attacker can read from the JWKS.
            var confused = Forge(tokens.AccessToken, new { alg = "HS256", typ = "at+jwt", kid = keyId },
                Jwt.Hs256(key.ExportSubjectPublicKeyInfo()), lifetimeFromNow: TimeSpan.FromMinutes(5));

            await AssertRefusedAsync(entrance, confused);
        }
    }

    [Theory]
    [MemberData(nameof(Entrances))]
    public async Task A_token_signed_by_another_key_under_the_real_key_id_is_refused(string entrance)
    {
        var tokens = await SignedInAsync();
        var (keyId, realKey) = await SigningKeyOfAsync(tokens.AccessToken);
        realKey.Dispose();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forged = Forge(tokens.AccessToken, new { alg = "ES256", typ = "at+jwt", kid = keyId }, Jwt.Es256(otherKey), lifetimeFromNow: TimeSpan.FromMinutes(5));

        await AssertRefusedAsync(entrance, forged);
    }

    [Theory]
    [MemberData(nameof(Entrances))]
    public async Task An_unsigned_token_is_refused(string entrance)
    {
        var tokens = await SignedInAsync();

        var unsigned = Forge(tokens.AccessToken, new { alg = "none", typ = "at+jwt" }, sign: null, lifetimeFromNow: TimeSpan.FromMinutes(5));

        await AssertRefusedAsync(entrance, unsigned);
    }

    [Fact]
    public async Task The_published_keys_verify_tokens_and_hold_no_private_part()
    {
        var tokens = await SignedInAsync();
        using var auth = fixture.Graph.Client("auth");

        var jwks = await auth.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json", Cancellation);
        var discovery = await auth.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration", Cancellation);

        var kid = Jwt.Header(tokens.AccessToken).GetProperty("kid").GetString();
        var key = jwks.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("kid").GetString() == kid);
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.False(key.TryGetProperty("d", out _), "the JWKS publishes a private key");
        Assert.EndsWith("/.well-known/jwks.json", discovery.GetProperty("jwks_uri").GetString(), StringComparison.Ordinal);

        using var publicKey = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = FromBase64Url(key.GetProperty("x").GetString()!), Y = FromBase64Url(key.GetProperty("y").GetString()!) },
        });
        var parts = tokens.AccessToken.Split('.');
        Assert.True(publicKey.VerifyData(System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256));
    }

    private async Task<TokenPairResponse> SignedInAsync()
    {
        using var gateway = fixture.Graph.Client("gateway");
        return (await Accounts.SignedInCustomerAsync(gateway)).Tokens;
    }

    private async Task AssertRefusedAsync(string entrance, string token)
    {
        using var client = fixture.Graph.Client(entrance);
        using var response = await SignedInRequestAsync(entrance, client, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>An endpoint of the entrance that answers 200 to any genuine customer token (users' notifications need no profile yet).</summary>
    private static Task<HttpResponseMessage> SignedInRequestAsync(string entrance, HttpClient client, string token) =>
        Accounts.SendAsync(client, HttpMethod.Get, entrance == "users" ? "/api/users/me/notifications" : "/api/auth/me", token);

    /// <summary>The genuine token's claims under another header, signature and lifetime.</summary>
    private static string Forge(string genuine, object header, Func<byte[], byte[]>? sign, TimeSpan lifetimeFromNow, params (string Name, string Value)[] changed)
    {
        var payload = Jwt.Payload(genuine).Deserialize<Dictionary<string, JsonElement>>()!;
        foreach (var (name, value) in changed)
        {
            payload[name] = JsonSerializer.SerializeToElement(value);
        }
        var expires = DateTimeOffset.UtcNow + lifetimeFromNow;
        payload["exp"] = JsonSerializer.SerializeToElement(expires.ToUnixTimeSeconds());
        payload["nbf"] = JsonSerializer.SerializeToElement(expires.AddMinutes(-20).ToUnixTimeSeconds());
        payload["iat"] = payload["nbf"];
        return Jwt.Encode(header, payload, sign);
    }

    /// <summary>The private key that signed <paramref name="genuine"/>, read from authdb the way only the auth service should.</summary>
    private async Task<(string KeyId, ECDsa Key)> SigningKeyOfAsync(string genuine)
    {
        await using var connection = await fixture.Graph.OpenDatabaseAsync("authdb", Cancellation);
        await using var command = new NpgsqlCommand(
            "SELECT \"Id\", \"PrivateKey\" FROM \"SigningKeys\" WHERE \"Id\" = $1", connection)
        {
            Parameters = { new() { Value = Jwt.Header(genuine).GetProperty("kid").GetString() } },
        };
        await using var reader = await command.ExecuteReaderAsync(Cancellation);
        Assert.True(await reader.ReadAsync(Cancellation), "authdb has no signing key");
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey((byte[])reader["PrivateKey"], out _);
        return (reader.GetString(0), key);
    }

    private static byte[] FromBase64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
