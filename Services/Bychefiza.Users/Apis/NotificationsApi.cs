using System.Security.Claims;
using Bychefiza.ServiceDefaults.Auth;
using Bychefiza.Users.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Bychefiza.Users.Apis;

/// <summary>The caller's in-app notifications, newest first (the latest 100).</summary>
public static class NotificationsApi
{
    private const int Latest = 100;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users/me/notifications").WithTags("Notifications").RequireAuthorization(Policies.Customer);

        api.MapGet("/", ListAsync).WithName("ListMyNotifications");
        api.MapPost("/{id:guid}/read", ReadAsync).WithName("ReadMyNotification");
        api.MapPost("/read-all", ReadAllAsync).WithName("ReadAllMyNotifications");

        return app;
    }

    public static async Task<Ok<NotificationPage>> ListAsync(
        ClaimsPrincipal caller, [AsParameters] ProfileServices services, bool unreadOnly = false, CancellationToken cancellationToken = default)
    {
        var mine = services.Db.Notifications.AsNoTracking().Where(n => n.UserId == caller.UserId() && n.InApp);
        var unread = await mine.CountAsync(n => n.ReadAt == null, cancellationToken);
        var items = await (unreadOnly ? mine.Where(n => n.ReadAt == null) : mine)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(Latest)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new NotificationPage([.. items.Select(NotificationView.Of)], unread));
    }

    public static async Task<Results<NoContent, NotFound>> ReadAsync(
        Guid id, ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var found = await services.Db.Notifications
            .Where(n => n.Id == id && n.UserId == caller.UserId() && n.InApp)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, n => n.ReadAt ?? now), cancellationToken);
        return found == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    public static async Task<NoContent> ReadAllAsync(ClaimsPrincipal caller, [AsParameters] ProfileServices services, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        await services.Db.Notifications
            .Where(n => n.UserId == caller.UserId() && n.InApp && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), cancellationToken);
        return TypedResults.NoContent();
    }
}
