using Bychefiza.Gateway.Extensions;
using Bychefiza.Gateway.Proxy;
using Bychefiza.Gateway.RateLimiting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseEdgeHygiene();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.RejectInvalidBearerTokens();
app.UseGatewayRateLimits();
app.UseAuthorization();
app.UseRequestTimeouts();
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapClusterStatusApi();
app.MapReverseProxy(proxy =>
{
    proxy.UseRouteTimeouts();
    proxy.UseForwardedCounts();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
