using Microsoft.Extensions.Logging;

namespace Bychefiza.Messaging.DeadLetters;

/// <summary>What the dead-letter endpoints need; the logger records who replayed what.</summary>
public sealed record DeadLettersServices(DeadLetterQueue Queue, ILogger<DeadLetterQueue> Audit);
