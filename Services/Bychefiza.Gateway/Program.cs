using Bychefiza.Gateway.Extensions;

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
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapReverseProxy();

app.Run();
