using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Data;

/// <summary>The users service's own database, <c>userdb</c>; no other service reads it.</summary>
public sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : DbContext(options);
