using Microsoft.Extensions.Compliance.Classification;

namespace Bychefiza.ServiceDefaults.Logging;

/// <summary>
/// What may never reach a log line as it is. A <c>[LoggerMessage]</c> parameter marked with one of
/// these attributes is redacted before any logger provider (console, OTLP) sees it.
/// </summary>
public static class DataTaxonomy
{
    public const string Name = "Bychefiza";

    /// <summary>Emails, names, addresses: whatever identifies a person.</summary>
    public static DataClassification Personal { get; } = new(Name, nameof(Personal));

    /// <summary>Passwords, tokens, card tokens: whatever grants access or moves money.</summary>
    public static DataClassification Secret { get; } = new(Name, nameof(Secret));
}

/// <summary>Emails, names, addresses.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(DataTaxonomy.Personal);

/// <summary>Passwords, tokens, card tokens.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecretDataAttribute() : DataClassificationAttribute(DataTaxonomy.Secret);
