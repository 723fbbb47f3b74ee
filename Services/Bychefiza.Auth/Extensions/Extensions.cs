using Bychefiza.Auth.Apis;
using Bychefiza.Auth.Data;
using Bychefiza.Auth.Events;
using Bychefiza.Auth.External;
using Bychefiza.Auth.Model;
using Bychefiza.Auth.Tokens;
using Bychefiza.Messaging.Events;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Bychefiza.Auth.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AuthDbContext, AuthSeeder>("authdb");
        builder.AddEventBus("auth")
            .AddOutbox<AuthDbContext>()
            .AddConsumer<UserDeleted, UserDeletedHandler, AuthDbContext>();
        builder.AddDefaultOpenApi("Bychefiza Auth API");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddIdentityCore<BychefizaUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length and a list of common passwords, not character classes (NIST SP 800-63B).
                options.Password.RequiredLength = 10;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<AuthDbContext>()
            .AddPasswordValidator<CommonPasswords>()
            .AddPasswordValidator<PasswordLengthLimit>();
        // PBKDF2-HMAC-SHA512; OWASP asks for at least 210,000 iterations (Identity's default is 100,000).
        builder.Services.Configure<PasswordHasherOptions>(options => options.IterationCount = 210_000);

        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddScoped<SigningKeyRotation>();
        builder.Services.Configure<SigningKeyOptions>(builder.Configuration.GetSection("Auth:SigningKeys"));
        // After the migrations (registered first), before Kestrel answers: a key signs from the first request.
        builder.Services.AddHostedService<SigningKeyRenewal>();
        builder.Services.AddScoped<AccessTokens>();
        builder.Services.AddScoped<Sessions>();
        builder.Services.AddHostedService<ActiveUsers>();
        builder.Services.AddSingleton<AccountLog>();
        builder.Services.AddScoped<AccountTokens>();
        builder.Services.AddScoped<AccountEmails>();
        builder.Services.Configure<WebLinkOptions>(builder.Configuration.GetSection("Web"));
        builder.AddEmail();
        builder.Services.Configure<RefreshTokenOptions>(builder.Configuration.GetSection("Auth:RefreshTokens"));
        builder.AddBychefizaAuthentication(keys: services => services.GetRequiredService<SigningKeyStore>());
        builder.AddExternalSignIn();
        // One key ring for every replica: a provider's callback may reach another replica than the one that sent the browser off.
        builder.Services.AddDataProtection().SetApplicationName("bychefiza-auth").PersistKeysToDbContext<AuthDbContext>();
    }
}
