using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bychefiza.Tests.Support;

/// <summary>Builds JWTs by hand, so tests can present exactly the token an attacker would.</summary>
public static class Jwt
{
    public static string Encode(object header, object payload, Func<byte[], byte[]>? sign)
    {
        var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload))}";
        var signature = sign is null ? "" : Base64Url(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    /// <summary>ES256 as JWS wants it: the raw r‖s pair (IEEE P1363), which .NET produces by default.</summary>
    public static Func<byte[], byte[]> Es256(ECDsa key) => data => key.SignData(data, HashAlgorithmName.SHA256);

    public static Func<byte[], byte[]> Hs256(byte[] secret) => data => HMACSHA256.HashData(secret, data);

    public static JsonElement Header(string token) => Decode(token.Split('.')[0]);

    public static JsonElement Payload(string token) => Decode(token.Split('.')[1]);

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static JsonElement Decode(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return JsonSerializer.Deserialize<JsonElement>(Convert.FromBase64String(padded));
    }
}
