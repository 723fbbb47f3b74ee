using System.Net;
using System.Net.Http.Headers;

namespace Bychefiza.Users.Accounts;

public enum PasswordCheck
{
    Correct,
    Wrong,
    Locked,
}

/// <summary>
/// Auth's internal password check (<c>/internal/accounts/verify-password</c>), called with the caller's
/// own token, so only the account owner's password is ever checked and wrong guesses count toward auth's lockout.
/// </summary>
public sealed class AuthPasswords(HttpClient http)
{
    public async Task<PasswordCheck> VerifyAsync(string password, AuthenticationHeaderValue caller, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/accounts/verify-password")
        {
            Content = JsonContent.Create(new { password }),
        };
        request.Headers.Authorization = caller;
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NoContent => PasswordCheck.Correct,
            HttpStatusCode.UnprocessableEntity => PasswordCheck.Wrong,
            HttpStatusCode.Locked => PasswordCheck.Locked,
            _ => throw new HttpRequestException($"Auth answered the password check with {(int)response.StatusCode}.", null, response.StatusCode),
        };
    }
}
