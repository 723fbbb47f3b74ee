using Bychefiza.Web;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    WebRootPath = Path.Combine("ClientApp", "dist"),
});

builder.AddServiceDefaults();
builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.Section));

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.UseStaticFiles();
app.MapRuntimeConfig();
app.MapFallbackToFile("index.html");

app.Run();
