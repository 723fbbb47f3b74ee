using System.Security.Claims;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.Users.Data;
using Bychefiza.Users.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Apis;

/// <summary>The caller's address book; <see cref="AddressBook"/> keeps its one default shipping address.</summary>
public static class AddressesApi
{
    public static IEndpointRouteBuilder MapAddressesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users/me/addresses").WithTags("Addresses").RequireAuthorization(Policies.Customer);

        api.MapGet("/", ListAsync).WithName("ListMyAddresses");
        api.MapGet("/{id:guid}", GetAsync).WithName("GetMyAddress");
        api.MapPost("/", CreateAsync).WithName("AddMyAddress");
        api.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateMyAddress");
        api.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteMyAddress");

        return app;
    }

    public static async Task<Ok<List<AddressView>>> ListAsync(ClaimsPrincipal caller, UsersDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Addresses.AsNoTracking()
            .Where(a => a.UserId == caller.UserId())
            .OrderByDescending(a => a.IsDefaultShipping).ThenBy(a => a.CreatedAt)
            .Select(a => AddressView.Of(a))
            .ToListAsync(cancellationToken));

    public static async Task<Results<Ok<AddressView>, NotFound>> GetAsync(Guid id, ClaimsPrincipal caller, UsersDbContext db, CancellationToken cancellationToken) =>
        await db.Addresses.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.UserId == caller.UserId(), cancellationToken) is { } address
            ? TypedResults.Ok(AddressView.Of(address))
            : TypedResults.NotFound();

    public static async Task<Results<Created<AddressView>, NotFound, ValidationProblem, ProblemHttpResult>> CreateAsync(
        AddressRequest request, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var errors = ProfileValidation.Address(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var userId = caller.UserId();
        if (!await services.Db.Profiles.AnyAsync(p => p.Id == userId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var address = await services.Db.InTransactionAsync(async ct =>
        {
            var book = await LockedBookAsync(services.Db, userId!.Value, ct);
            if (book.IsFull)
            {
                return null;
            }
            var address = new Address { Id = Guid.CreateVersion7(), UserId = userId.Value, CreatedAt = services.Time.GetUtcNow() };
            Apply(request, address);
            book.Add(address, makeDefault: request.IsDefaultShipping == true);
            services.Db.Addresses.Add(address);
            await SaveAsync(services.Db, book, ct);
            return address;
        }, cancellationToken);

        return address is null
            ? TypedResults.Problem(title: $"An address book holds at most {Address.MaxPerUser} addresses.", statusCode: StatusCodes.Status422UnprocessableEntity)
            : TypedResults.Created($"/api/users/me/addresses/{address.Id}", AddressView.Of(address));
    }

    public static async Task<Results<Ok<AddressView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, AddressRequest request, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var errors = ProfileValidation.Address(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var address = await services.Db.InTransactionAsync(async ct =>
        {
            var book = await LockedBookAsync(services.Db, caller.UserId() ?? Guid.Empty, ct);
            if (book.Find(id) is not { } address)
            {
                return null;
            }
            Apply(request, address);
            // Leaving isDefaultShipping out, or false on the default, keeps the mark where it is: there is always one.
            if (request.IsDefaultShipping == true)
            {
                book.MakeDefault(address);
            }
            await SaveAsync(services.Db, book, ct);
            return address;
        }, cancellationToken);

        return address is null ? TypedResults.NotFound() : TypedResults.Ok(AddressView.Of(address));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var deleted = await services.Db.InTransactionAsync(async ct =>
        {
            var book = await LockedBookAsync(services.Db, caller.UserId() ?? Guid.Empty, ct);
            if (book.Find(id) is not { } address)
            {
                return false;
            }
            book.Remove(address);
            services.Db.Addresses.Remove(address);
            await SaveAsync(services.Db, book, ct);
            return true;
        }, cancellationToken);

        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    /// <summary>The person's addresses, locked until the transaction ends so concurrent edits of the default take turns.</summary>
    private static async Task<AddressBook> LockedBookAsync(UsersDbContext db, Guid userId, CancellationToken cancellationToken) =>
        new(await db.Addresses.FromSql($"""SELECT * FROM "Addresses" WHERE "UserId" = {userId} FOR UPDATE""").ToListAsync(cancellationToken));

    /// <summary>
    /// Saves the book. The database allows one default per person and checks it row by row, so the
    /// old default is cleared in place before EF writes the rows in an order of its choosing.
    /// </summary>
    private static async Task SaveAsync(UsersDbContext db, AddressBook book, CancellationToken cancellationToken)
    {
        if (book.Default is { } chosen)
        {
            await db.Addresses
                .Where(a => a.UserId == chosen.UserId && a.Id != chosen.Id && a.IsDefaultShipping)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.IsDefaultShipping, false), cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Apply(AddressRequest request, Address address)
    {
        address.Label = request.Label?.Trim();
        address.FullName = request.FullName!.Trim();
        address.Line1 = request.Line1!.Trim();
        address.Line2 = request.Line2?.Trim();
        address.City = request.City!.Trim();
        address.PostalCode = request.PostalCode!.Trim();
        address.Country = request.Country!.ToUpperInvariant();
        address.Phone = request.Phone;
    }
}
