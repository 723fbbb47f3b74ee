using Bychefiza.AppHost;
using Bychefiza.AppHost.Infrastructure;
using Bychefiza.AppHost.Observability;

var builder = DistributedApplication.CreateBuilder(args);

// Shared infrastructure: containers where a container runtime answers, local processes otherwise.
var infrastructure = builder.AddInfrastructure();

var postgres = infrastructure.AddPostgres("postgres");
var authDb = postgres.AddDatabase("authdb");
var userDb = postgres.AddDatabase("userdb");
var productDb = postgres.AddDatabase("productdb");
var orderDb = postgres.AddDatabase("orderdb");
var paymentDb = postgres.AddDatabase("paymentdb");

var redis = infrastructure.AddRedis("redis");
var rabbitmq = infrastructure.AddRabbitMQ("rabbitmq");

// The first admin account; the password is generated once and kept in the AppHost's user secrets.
var adminEmail = builder.AddParameter("admin-email", "admin@bychefiza.local");
var adminPassword = builder.AddParameter("admin-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);

// Services, each with its own database, in dependency order; all of them validate tokens against auth's keys.
var auth = builder.AddProject<Projects.Bychefiza_Auth>("auth")
    .WithReference(authDb).WaitFor(authDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithEnvironment("Auth__Admin__Email", adminEmail)
    .WithEnvironment("Auth__Admin__Password", adminPassword)
    .WithLocalMailPickup()
    .WithExternalSignInSettings()
    .WithRuntimeSettings()
    .WithHttpReadinessCheck("/ready");

var users = builder.AddProject<Projects.Bychefiza_Users>("users")
    .WithReference(userDb).WaitFor(userDb)
    .WithReference(auth)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithLocalMailPickup()
    .WithRuntimeSettings()
    .WithHttpReadinessCheck("/ready");

// The catalog and orders take most of the traffic: locally they can run as several processes
// (Replicas:products, Replicas:orders) that the gateway balances.
var products = builder.AddReplicatedProject<Projects.Bychefiza_Products>("products").With(replica => replica
    .WithReference(productDb).WaitFor(productDb)
    .WithReference(auth)
    .WithReference(redis).WaitFor(redis)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithDemoCatalog()
    .WithRuntimeSettings()
    .WithHttpReadinessCheck("/ready"));

var orders = builder.AddReplicatedProject<Projects.Bychefiza_Orders>("orders").With(replica => replica
    .WithReference(orderDb).WaitFor(orderDb)
    .WithReference(auth)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(products)
    .WithRuntimeSettings()
    .WithHttpReadinessCheck("/ready"));

var payments = builder.AddProject<Projects.Bychefiza_Payments>("payments")
    .WithReference(paymentDb).WaitFor(paymentDb)
    .WithReference(auth)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithPaymentSettings()
    .WithRuntimeSettings()
    .WithHttpReadinessCheck("/ready");

// The single public entry for the API (replicas share their rate limits through Redis), and the SPA that calls it.
var gateway = builder.AddReplicatedProject<Projects.Bychefiza_Gateway>("gateway").With(replica => replica
    .WithReference(redis).WaitFor(redis)
    .WithReference(auth)
    .WithReference(users)
    .WithReference(products)
    .WithReference(orders)
    .WithReference(payments)
    .WithRuntimeSettings()
    .WithHttpReadinessCheck("/ready")
    .WithExternalHttpEndpoints());

var web = builder.AddProject<Projects.Bychefiza_Web>("web")
    .WithEnvironment("Gateway__PublicUrl", gateway.First.GetEndpoint("http"))
    .WithHttpReadinessCheck("/ready")
    .WithExternalHttpEndpoints();

gateway.With(replica => replica.WithEnvironment("Cors__AllowedOrigins__0", web.GetEndpoint("http")));
auth.WithEnvironment("Web__PublicUrl", web.GetEndpoint("http"));

// Prometheus scrapes every service above; Grafana shows its dashboard where containers run.
builder.AddMonitoring(infrastructure);

builder.AddStartupReport(infrastructure.Mode, shop: web, gateway: gateway.First);
builder.BoundTelemetryExportToTheDashboard();
builder.LaunchServicesDirectly();

builder.Build().Run();
