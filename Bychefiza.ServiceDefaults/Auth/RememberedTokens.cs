using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bychefiza.ServiceDefaults.Auth;

/// <summary>
/// Validates access tokens as <see cref="JsonWebTokenHandler"/> does, and remembers each one that passed, so
/// the same token presented again skips parsing and the ES256 signature check (a shopper's token reaches the
/// gateway and every service behind it, request after request, for its 15 minutes).
/// </summary>
/// <remarks>
/// A remembered token is accepted without a check only while it has not expired and the key that signed it is
/// still among the keys the configuration manager publishes now: a revoked key ends its tokens here exactly
/// when it did before. Anything else (another string, a token validated against keys given directly, as the
/// auth service does) goes through the full validation. Each request gets its own copy of the identity.
/// <c>time</c> must be the clock IdentityModel checks lifetimes with (the system's): a clock behind
/// it would keep an expired token here.
/// </remarks>
public sealed class RememberedTokens(TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>
    /// Tokens remembered at most (each with its parsed claims and identity, a few kilobytes). Past it, the
    /// expired ones go, then those closest to expiring, down to half; a token that went is checked in full again.
    /// </summary>
    public const int Capacity = 4_096;

    private readonly ConcurrentDictionary<string, Remembered> _tokens = new(StringComparer.Ordinal);

    /// <summary>A token that passed (its <c>ValidTo</c> and <c>SigningKey</c> set by the check), with the identity made from it.</summary>
    private sealed record Remembered(JsonWebToken Token, ClaimsIdentity Identity)
    {
        public DateTimeOffset Expires => Token.ValidTo;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (validationParameters.ConfigurationManager is not { } keys)
        {
            return await base.ValidateTokenAsync(token, validationParameters);
        }

        var now = time.GetUtcNow();
        if (_tokens.TryGetValue(token, out var known) && now < known.Expires
            && (await keys.GetBaseConfigurationAsync(CancellationToken.None)).SigningKeys.Any(k => k.KeyId == known.Token.SigningKey.KeyId))
        {
            return new TokenValidationResult
            {
                IsValid = true,
                SecurityToken = known.Token,
                ClaimsIdentity = CopyOf(known.Identity),
                Issuer = known.Token.Issuer,
                TokenType = known.Token.Typ,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken { SigningKey.KeyId: not null } validated)
        {
            Remember(token, new Remembered(validated, CopyOf(result.ClaimsIdentity)), now);
        }
        return result;
    }

    /// <summary>
    /// A copy of the same kind: IdentityModel's identities match claim types case-sensitively, and
    /// <c>Clone()</c> would give a plain <see cref="ClaimsIdentity"/>, which does not.
    /// </summary>
    private static ClaimsIdentity CopyOf(ClaimsIdentity identity) =>
        identity is CaseSensitiveClaimsIdentity ? new CaseSensitiveClaimsIdentity(identity) : identity.Clone();

    private void Remember(string token, Remembered remembered, DateTimeOffset now)
    {
        if (_tokens.Count >= Capacity)
        {
            // Expired tokens go first; if that is not enough, the ones closest to expiring.
            foreach (var (key, _) in _tokens.Where(t => t.Value.Expires <= now))
            {
                _tokens.TryRemove(key, out _);
            }
            foreach (var (key, _) in _tokens.OrderBy(t => t.Value.Expires).Take(Math.Max(0, _tokens.Count - Capacity / 2)))
            {
                _tokens.TryRemove(key, out _);
            }
        }
        _tokens[token] = remembered;
    }
}
