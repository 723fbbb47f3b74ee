namespace Bychefiza.Users.Model;

/// <summary>How the person wants the shop to speak to them.</summary>
public sealed record Preferences(string Currency, string Language, bool MarketingEmails, bool OrderUpdatesInApp, bool OrderUpdatesEmail)
{
    /// <summary>A new profile's: order updates in the app and by email, no marketing until asked for (opt-in).</summary>
    public static readonly Preferences Default = new("USD", "en", MarketingEmails: false, OrderUpdatesInApp: true, OrderUpdatesEmail: true);

    public ChannelChoice OrderUpdates => new(OrderUpdatesInApp, OrderUpdatesEmail);
}

/// <summary>Where one kind of notification goes.</summary>
public sealed record ChannelChoice(bool InApp, bool Email)
{
    public bool Any => InApp || Email;
}
