using Bychefiza.Auth.Model;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bychefiza.Auth.Tokens;

/// <summary>Short-lived ES256 access tokens (RFC 9068 shape: <c>typ</c> at+jwt, sub, email, role, jti).</summary>
public sealed class AccessTokens(SigningKeyStore keys, TokenSettings settings, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<string> IssueAsync(BychefizaUser user, IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + settings.AccessTokenLifetime,
            TokenType = TokenSettings.TokenType,
            SigningCredentials = await keys.SigningCredentialsAsync(cancellationToken),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user.Id.ToString(),
                [JwtRegisteredClaimNames.Email] = user.Email ?? "",
                [JwtRegisteredClaimNames.Name] = user.DisplayName,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                ["role"] = roles.ToArray(),
            },
        });
    }
}
