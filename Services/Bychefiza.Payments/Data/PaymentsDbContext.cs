using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Payments.Data;

/// <summary>The payments service's own database, <c>paymentdb</c>; no other service reads it.</summary>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options);
