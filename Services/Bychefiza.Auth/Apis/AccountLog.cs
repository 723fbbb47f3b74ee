using Bychefiza.ServiceDefaults.Logging;

namespace Bychefiza.Auth.Apis;

/// <summary>
/// What auth tells operators about accounts. The email is classified personal data: a line says that
/// it was there, never what it was (docs/operations.md, "Logs").
/// </summary>
public sealed partial class AccountLog(ILogger<AccountLog> logger)
{
    private readonly ILogger _logger = logger;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Account {UserId} registered with email {Email}")]
    public partial void Registered(Guid userId, [PersonalData] string email);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Sign-in with email {Email} failed: {Reason}")]
    public partial void SignInFailed([PersonalData] string email, string reason);
}
