using Bychefiza.Auth.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseForwardedHeaders();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi("auth");
app.MapWellKnownApi();
app.MapAuthApi();
app.MapUsersAdminApi();
app.MapAccountStatsApi();
app.MapSigningKeysAdminApi();
app.MapAccountRecoveryApi();
app.MapExternalSignInApi();
app.MapAccountChecksApi();
app.MapDeadLettersApi();

app.Run();
