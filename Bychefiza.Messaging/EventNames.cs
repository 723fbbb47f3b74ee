using System.Collections.Concurrent;
using System.Text;

namespace Bychefiza.Messaging;

/// <summary>
/// The routing key of an event type: its name with each capitalised word lower-cased and joined by
/// dots (<c>UserRegistered</c> → <c>user.registered</c>, <c>PaymentCompleted</c> → <c>payment.completed</c>).
/// </summary>
public static class EventNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of<TEvent>() where TEvent : IntegrationEvent => Of(typeof(TEvent));

    public static string Of(Type eventType) => Names.GetOrAdd(eventType, static type => FromTypeName(type.Name));

    internal static string FromTypeName(string typeName)
    {
        var name = new StringBuilder(typeName.Length + 4);
        for (var i = 0; i < typeName.Length; i++)
        {
            var c = typeName[i];
            // A new word starts at an upper-case letter that follows a lower-case one or a digit,
            // or that ends an acronym ("SMSSent" → "sms.sent").
            var startsWord = i > 0 && char.IsUpper(c) &&
                (!char.IsUpper(typeName[i - 1]) || (i + 1 < typeName.Length && char.IsLower(typeName[i + 1])));
            if (startsWord)
            {
                name.Append('.');
            }
            name.Append(char.ToLowerInvariant(c));
        }
        return name.ToString();
    }
}
