using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Orders.Data;

/// <summary>The orders service's own database, <c>orderdb</c>; no other service reads it.</summary>
public sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options);
