using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Bychefiza.AppHost.Infrastructure.Processes;
using Bychefiza.Tests.Integration;
using Bychefiza.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bychefiza.Tests.Security;

/// <summary>
/// No secret of the running graph (its generated passwords, the tokens it issued, its signing keys, the
/// password hashes it stores) shows up in what the graph writes or answers, nor in what we ship.
/// </summary>
[Collection(GraphCollection.Name)]
public sealed partial class SecretScanTests(GraphFixture fixture)
{
    private TestGraph Graph => fixture.Graph;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_and_answers_carry_no_password_token_key_or_hash_of_the_graph()
    {
        await using var logs = ResourceLogs.Watch(Graph, Graph.ResourceNames);
        using var gateway = Graph.Client("gateway");
        var secrets = new Dictionary<string, string>();

        // A session's life: sign-in, refresh, a wrong password, a password change, a paid order.
        var email = Accounts.NewEmail();
        var newPassword = $"Renewed-{Guid.NewGuid():N}";
        using (var registered = await Accounts.RegisterAsync(gateway, email))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }
        var first = await Accounts.SignInAsync(gateway, email);
        using (var wrong = await Accounts.LoginAsync(gateway, email, Accounts.Password + "-wrong"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var refreshed = await Accounts.RefreshAsync(gateway, first.RefreshToken);
        var second = await People.ReadAsync<TokenPairResponse>(refreshed, HttpStatusCode.OK);
        using (var changed = await Accounts.SendAsync(gateway, HttpMethod.Post, "/api/auth/change-password", second.AccessToken,
                   new { currentPassword = Accounts.Password, newPassword }))
        {
            Assert.True(changed.IsSuccessStatusCode, $"change-password: {(int)changed.StatusCode}");
        }
        var third = await Accounts.SignInAsync(gateway, email, newPassword);
        await using var productDb = await Graph.OpenDatabaseAsync("productdb", Cancellation);
        var order = await Shop.OrderAsync(gateway, third.AccessToken, "tok_visa", (await Shop.ProductAsync(productDb, stock: 2), 1));
        await Shop.UntilStatusAsync(gateway, third.AccessToken, order.Id, "Paid");
        var admin = await Graph.AdminAccessTokenAsync(gateway);

        foreach (var (name, tokens) in new[] { ("first", first), ("second", second), ("third", third) })
        {
            secrets[$"{name} access token's signature"] = tokens.AccessToken.Split('.')[2];
            secrets[$"{name} refresh token"] = tokens.RefreshToken;
        }
        secrets["admin's access token's signature"] = admin.Split('.')[2];
        secrets["the customer's first password"] = Accounts.Password;
        secrets["the customer's new password"] = newPassword;
        foreach (var (name, value) in await GraphSecretsAsync())
        {
            secrets[name] = value;
        }

        // What an admin and the customer can read: every published GET without a path parameter, and the keys.
        var answers = new List<(string What, string Body)>();
        foreach (var operation in (await ApiSurface.ReadAsync(gateway)).Where(o => o.Method == "GET" && !o.Path.Contains('{', StringComparison.Ordinal)))
        {
            foreach (var (who, token) in new[] { ("admin", admin), ("customer", third.AccessToken) })
            {
                using var response = await Accounts.SendAsync(gateway, HttpMethod.Get, operation.Path, token);
                answers.Add(($"{operation.Path} as {who}", await response.Content.ReadAsStringAsync(Cancellation)));
            }
        }
        using var auth = Graph.Client("auth");
        answers.Add(("auth's /.well-known/jwks.json", await auth.GetStringAsync("/.well-known/jwks.json", Cancellation)));

        // Wait until the order's capture is logged: the lines cover the whole session.
        await Poll.UntilAsync(
            () => Task.FromResult(logs.Lines.Any(line => line.Resource == "payments" && line.Text.Contains(order.Id.ToString(), StringComparison.Ordinal))),
            found => found, TimeSpan.FromSeconds(30), "the order's payment logged");

        var leaks = new List<string>();
        var texts = logs.Lines.Select(line => ($"{line.Resource} log", line.Text)).Concat(answers).ToList();
        foreach (var (where, text) in texts)
        {
            leaks.AddRange(secrets.Where(s => text.Contains(s.Value, StringComparison.Ordinal)).Select(s => $"{where}: {s.Key}"));
            leaks.AddRange(Shapes(text).Select(shape => $"{where}: {shape}"));
        }
        Assert.True(leaks.Count == 0, $"Secrets found:\n{string.Join('\n', leaks.Distinct())}");
        Assert.True(logs.Lines.Count > 100, $"only {logs.Lines.Count} log lines were read");
    }

    [Fact]
    public void The_manifest_the_chart_and_the_migrations_hold_no_secret()
    {
        var root = RepositoryRoot();
        var files = new[] { Path.Combine(root, "aspire-manifest.json") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "deploy"), "*", SearchOption.AllDirectories))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("values.yaml", StringComparison.Ordinal));

        var leaks = new List<string>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(root, file);
            leaks.AddRange(Shapes(text).Select(shape => $"{name}: {shape}"));
            leaks.AddRange(LiteralCredential().Matches(text).Select(m => $"{name}: a literal credential ({m.Value})"));
            if (text.Contains(Graph.AdminPassword, StringComparison.Ordinal))
            {
                leaks.Add($"{name}: this run's admin password");
            }
        }
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
    }

    /// <summary>Secrets recognised by their form, whoever they belong to.</summary>
    private static IEnumerable<string> Shapes(string text)
    {
        if (text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            yield return "a PEM block (-----BEGIN)";
        }
        if (IdentityHash().IsMatch(text))
        {
            yield return "an ASP.NET Core Identity password hash";
        }
        if (Jwt().IsMatch(text))
        {
            yield return "a JWT";
        }
        if (PrivateJwk().IsMatch(text))
        {
            yield return "a private key in a JWK (\"d\")";
        }
        if (ProviderSecret().IsMatch(text))
        {
            yield return "a Stripe secret key or webhook secret";
        }
    }

    /// <summary>The AppHost's secret parameters (generated passwords), the signing keys and the password hashes in the databases.</summary>
    private async Task<Dictionary<string, string>> GraphSecretsAsync()
    {
        var secrets = new Dictionary<string, string>();
        var resources = Graph.App.Services.GetRequiredService<DistributedApplicationModel>().Resources;
        // In processes mode the servers' passwords are parameters of their own, outside the model's list.
        var parameters = resources.OfType<ParameterResource>()
            .Concat(resources.OfType<LocalServerResource>().Select(server => server.PasswordParameter))
            .Where(p => p.Secret);
        foreach (var parameter in parameters)
        {
            if (await parameter.GetValueAsync(Cancellation) is { Length: >= 8 } value)
            {
                secrets[$"parameter {parameter.Name}"] = value;
            }
        }
        Assert.Contains("parameter admin-password", secrets.Keys);
        Assert.Contains(secrets.Keys, k => k.Contains("postgres", StringComparison.Ordinal));
        Assert.Contains(secrets.Keys, k => k.Contains("rabbitmq", StringComparison.Ordinal));
        secrets["Stripe webhook secret"] = TestGraph.StripeWebhookSecret;
        secrets["external provider's client secret"] = FakeIdentityProvider.ClientSecret;

        await using var authDb = await Graph.OpenDatabaseAsync("authdb", Cancellation);
        await using (var hashes = authDb.CreateCommand())
        {
            hashes.CommandText = "SELECT \"Email\", \"PasswordHash\" FROM \"AspNetUsers\" WHERE \"PasswordHash\" IS NOT NULL ORDER BY \"Email\" LIMIT 50";
            await using var reader = await hashes.ExecuteReaderAsync(Cancellation);
            while (await reader.ReadAsync(Cancellation))
            {
                secrets[$"password hash of {reader.GetString(0)}"] = reader.GetString(1);
            }
        }
        await using (var keys = authDb.CreateCommand())
        {
            keys.CommandText = "SELECT \"Id\", \"PrivateKey\" FROM \"SigningKeys\"";
            await using var reader = await keys.ExecuteReaderAsync(Cancellation);
            while (await reader.ReadAsync(Cancellation))
            {
                var key = (byte[])reader[1];
                secrets[$"signing key {reader.GetString(0)} (base64)"] = Convert.ToBase64String(key)[^40..];
                secrets[$"signing key {reader.GetString(0)} (base64url)"] = Convert.ToBase64String(key)[^40..].Replace('+', '-').Replace('/', '_');
                secrets[$"signing key {reader.GetString(0)} (hex)"] = Convert.ToHexString(key)[^40..];
            }
        }
        return secrets;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "aspire-manifest.json")))
            {
                return dir.FullName;
            }
        }
        throw new FileNotFoundException("aspire-manifest.json");
    }

    // Identity's v3 format: 0x01, then the PRF as a big-endian int, base64.
    [GeneratedRegex("AQAAAA[A-Za-z0-9+/]{40,}")]
    private static partial Regex IdentityHash();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{20,}")]
    private static partial Regex Jwt();

    [GeneratedRegex("\"d\"\\s*:\\s*\"[A-Za-z0-9_-]{20,}\"")]
    private static partial Regex PrivateJwk();

    [GeneratedRegex(@"\b(sk_(live|test)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9_]{8,}|rk_live_[A-Za-z0-9]{8,})")]
    private static partial Regex ProviderSecret();

    // A password written into a connection string, URI or setting instead of a reference ({x.value}, ${X}, $(X), a Secret).
    [GeneratedRegex(@"(?i)(password\s*=\s*[^{$;""'\s]|://[^:/\s""'@{]+:[^@{$\s""'/]+@|(password|secret|apikey|token)[""']?\s*:\s*[""'][^{$""']{6,}[""'])")]
    private static partial Regex LiteralCredential();
}
