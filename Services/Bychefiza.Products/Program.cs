var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi("products", "categories", "promotions");
app.MapProductsApi();
app.MapProductsAdminApi();
app.MapCategoriesApi();
app.MapPromotionsApi();
app.MapReservationsApi();
app.MapDeadLettersApi();

app.Run();
