var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi("orders");
app.MapOrdersApi();
app.MapOrdersAdminApi();
app.MapOrderStatsApi();
app.MapDeadLettersApi();

app.Run();
