namespace Bychefiza.Payments.Model;

/// <summary>What a guarded status change did; events and webhooks arrive more than once, so "already done" is not an error.</summary>
public enum Transition
{
    Applied,

    AlreadyDone,

    /// <summary>The current status does not allow the change.</summary>
    Refused,
}
