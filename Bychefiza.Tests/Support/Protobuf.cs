using System.Buffers.Binary;

namespace Bychefiza.Tests.Support;

/// <summary>
/// Just enough of the protocol buffers wire format to read OTLP requests: no OTLP types are served
/// as a package here, and the fields a test reads are few and stable (opentelemetry-proto v1).
/// </summary>
public static class Protobuf
{
    public readonly record struct Field(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Bytes.Span);

        public string Hex => Convert.ToHexStringLower(Bytes.Span);
    }

    public static List<Field> Read(ReadOnlyMemory<byte> message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message.Span, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add(new Field(number, ReadVarint(message.Span, ref position), default));
                    break;
                case 1:
                    fields.Add(new Field(number, BinaryPrimitives.ReadUInt64LittleEndian(message.Span.Slice(position, 8)), default));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message.Span, ref position);
                    fields.Add(new Field(number, 0, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Wire type {key & 7} of field {number} is not one OTLP uses.");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var next = bytes[position++];
            value |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
