using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Products.Data;

/// <summary>The products service's own database, <c>productdb</c>; no other service reads it.</summary>
public sealed class ProductsDbContext(DbContextOptions<ProductsDbContext> options) : DbContext(options);
