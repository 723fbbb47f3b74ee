using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Auth.Data;

/// <summary>The auth service's own database, <c>authdb</c>; no other service reads it.</summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : DbContext(options);
