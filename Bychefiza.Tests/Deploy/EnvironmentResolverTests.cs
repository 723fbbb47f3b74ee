using Bychefiza.Deploy.Chart;
using Bychefiza.Deploy.Manifest;

namespace Bychefiza.Tests.Deploy;

public sealed class EnvironmentResolverTests
{
    private static readonly AspireManifest Manifest = AspireManifest.Parse("""
        {
          "resources": {
            "db": { "type": "container.v0", "connectionString": "Host={db.bindings.tcp.host};Password={db-password.value}", "image": "postgres:18",
                    "bindings": { "tcp": { "scheme": "tcp", "protocol": "tcp", "transport": "tcp", "targetPort": 5432 } } },
            "db-password": { "type": "parameter.v0", "value": "{db-password.inputs.value}", "inputs": { "value": { "type": "string", "secret": true } } },
            "greeting": { "type": "parameter.v0", "value": "{greeting.inputs.value}", "inputs": { "value": { "type": "string" } } },
            "api": { "type": "project.v0", "path": "Api/Api.csproj", "env": {
                       "ConnectionStrings__db": "{db.connectionString}",
                       "DB_PASSWORD": "{db-password.value}",
                       "Greeting": "{greeting.value}",
                       "services__other__http__0": "{other.bindings.http.url}",
                       "services__other__https__0": "{other.bindings.https.url}",
                       "Price": "$(not a variable) \"quoted\"" },
                     "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http" } } },
            "other": { "type": "project.v0", "path": "Other/Other.csproj",
                       "bindings": { "http": { "scheme": "http", "protocol": "tcp", "transport": "http" },
                                     "https": { "scheme": "https", "protocol": "tcp", "transport": "http" } } }
          }
        }
        """);

    private readonly IReadOnlyList<EnvVariable> _env = new EnvironmentResolver(Manifest).Resolve(Manifest["api"].Environment);

    [Fact]
    public void A_secret_inside_a_value_is_read_first_into_a_variable_the_value_refers_to()
    {
        Assert.Equal(new EnvVariable("SECRET_DB_PASSWORD", null, "db-password"), _env[0]);
        Assert.Equal("Host={{ include \"bychefiza.backing.host\" (dict \"root\" $ \"name\" \"db\") }};Password=$(SECRET_DB_PASSWORD)", Value("ConnectionStrings__db"));
    }

    [Fact]
    public void A_value_that_is_only_a_secret_is_a_key_of_the_existing_secret()
    {
        Assert.Equal(new EnvVariable("DB_PASSWORD", null, "db-password"), _env.Single(v => v.Name == "DB_PASSWORD"));
    }

    [Fact]
    public void Plain_parameters_come_from_values_and_literal_text_is_escaped()
    {
        Assert.Equal("{{ index $.Values.parameters \"greeting\" }}", Value("Greeting"));
        Assert.Equal("$$(not a variable) \\\"quoted\\\"", Value("Price"));
    }

    [Fact]
    public void Project_references_are_the_release_services_over_plain_http()
    {
        Assert.Equal("http://{{ $.Release.Name }}-other", Value("services__other__http__0"));
        Assert.DoesNotContain(_env, v => v.Name == "services__other__https__0");
    }

    [Fact]
    public void A_reference_the_cluster_has_no_answer_for_is_refused()
    {
        var manifest = AspireManifest.Parse("""
            { "resources": { "api": { "type": "project.v0", "env": { "X": "{api.bindings.http.nonsense}" },
                                      "bindings": { "http": { "scheme": "http" } } } } }
            """);

        var error = Assert.Throws<InvalidDataException>(() => new EnvironmentResolver(manifest).Resolve(manifest["api"].Environment));
        Assert.Contains("{api.bindings.http.nonsense}", error.Message, StringComparison.Ordinal);
    }

    private string? Value(string name) => _env.Single(v => v.Name == name).Value;
}
