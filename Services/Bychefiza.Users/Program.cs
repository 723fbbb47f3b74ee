var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi("users");
app.MapProfileApi();
app.MapAddressesApi();
app.MapCartApi();
app.MapAvatarsApi();
app.MapNotificationsApi();
app.MapUsersAdminApi();
app.MapDeadLettersApi();

app.Run();
