using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Platform.Contracts;

/// <summary>
/// Ids for requests and signals: unique across processes without a system call each. <see cref="Guid.NewGuid"/>
/// reads <c>/dev/urandom</c> on every call on this runtime, 6.6 % of the silo's CPU in a profile of the session
/// read (three ids a request). Not secrets: nothing may rely on them being unguessable.
/// </summary>
public static class UniqueIds
{
    /// <summary>Random for each process, so two processes' ids differ.</summary>
    private static readonly ulong ProcessPart = BinaryPrimitives.ReadUInt64BigEndian(RandomNumberGenerator.GetBytes(8));

    private static long _counter = BinaryPrimitives.ReadInt64BigEndian(RandomNumberGenerator.GetBytes(8));

    /// <summary>An RFC 9562 version 8 (custom) UUID: the process's random part, then a counter.</summary>
    public static Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, ProcessPart);
        BinaryPrimitives.WriteInt64BigEndian(bytes[8..], Interlocked.Increment(ref _counter));
        bytes[6] = (byte)(0x80 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
