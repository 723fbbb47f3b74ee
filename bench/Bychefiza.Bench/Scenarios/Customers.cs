using System.Net.Http.Json;

namespace Bychefiza.Bench.Scenarios;

internal sealed record Customer(string Email, string AccessToken);

/// <summary>Shoppers registered and signed in through the gateway, as the shop's own sign-up does.</summary>
internal static class Customers
{
    public const string Password = "Correct horse battery staple";

    private sealed record Tokens(string AccessToken);

    public static async Task<IReadOnlyList<Customer>> RegisterAsync(HttpClient gateway, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var customers = new Customer[count];
        // A few at a time: registration hashes a password, and the graph is not under test here.
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (index, cancellationToken) =>
        {
            var email = $"bench-{run}-{index}@example.com";
            using var registered = await gateway.PostAsJsonAsync("/api/auth/register", new { email, password = Password, displayName = $"Bench shopper {index}" }, cancellationToken);
            registered.EnsureSuccessStatusCode();
            using var login = await gateway.PostAsJsonAsync("/api/auth/login", new { email, password = Password }, cancellationToken);
            login.EnsureSuccessStatusCode();
            var tokens = await login.Content.ReadFromJsonAsync<Tokens>(cancellationToken);
            customers[index] = new Customer(email, tokens!.AccessToken);
        });
        return customers;
    }
}
