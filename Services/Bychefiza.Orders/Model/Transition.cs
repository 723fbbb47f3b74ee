namespace Bychefiza.Orders.Model;

/// <summary>What a guarded status change did; events and admins retry, so "already done" is not an error.</summary>
public enum Transition
{
    Applied,

    AlreadyDone,

    /// <summary>The current status does not allow the change.</summary>
    Refused,
}
