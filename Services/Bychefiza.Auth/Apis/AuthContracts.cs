namespace Bychefiza.Auth.Apis;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record RegisterResponse(Guid UserId);

public sealed record LoginRequest(string? Email, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record MeResponse(Guid UserId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool EmailVerified);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record VerifyPasswordRequest(string? Password);
