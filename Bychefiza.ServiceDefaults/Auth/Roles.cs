namespace Bychefiza.ServiceDefaults.Auth;

/// <summary>The roles an account can hold; carried in the access token's <c>role</c> claim.</summary>
public static class Roles
{
    public const string Customer = "customer";
    public const string Admin = "admin";
}

/// <summary>Authorization policies every service knows.</summary>
public static class Policies
{
    /// <summary>A signed-in shopper (admins are shoppers too).</summary>
    public const string Customer = "customer";

    public const string Admin = "admin";
}
