using System.Buffers.Binary;
using System.Text;
using Platform.Contracts.Signals;

namespace Platform.Silo.Signals;

/// <summary>
/// A log's last lifecycle signals, oldest first, packed into one byte array that is written over in place. Every
/// request raises two, and as objects each lived for seconds, long enough for the garbage collector to copy it
/// into an older generation: under a read over 60,000 users that made each of its pauses about 45 ms and tripled the
/// read's p99 (docs/benchmarks.md). Bytes hold no references, so a signal kept here costs the collector nothing.
/// A signal too large for a slot is kept as an object beside the array.
/// </summary>
public sealed class LifecycleRing(int capacity)
{
    private const int SlotSize = 192;

    // sequence 8, id 16, UTC ticks 8, offset minutes 2, name 1, flags 1, three lengths 2 each.
    private const int Header = 42;

    private const byte HasRequestId = 1, HasTraceId = 2, IsDurable = 4;

    private byte[] _slots = [];

    /// <summary>Signals too large for their slot, at the slot's index; a slot with none here holds its signal as bytes.</summary>
    private Signal?[]? _oversized;
    private int _oldest;

    private int Count { get; set; }

    private int Slots => _slots.Length / SlotSize;

    public long LastSequence => Count == 0 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(Slot(Physical(Count - 1)));

    /// <summary>Keeps <paramref name="signal"/>, newer than those kept, dropping the oldest when full.</summary>
    public void Add(Signal signal)
    {
        if (Count == Slots && Slots < capacity)
        {
            Grow();
        }

        var index = Physical(Count);
        if (Count < Slots)
        {
            Count++;
        }
        else
        {
            _oldest = (_oldest + 1) % Slots;
        }

        var slot = Slot(index);
        BinaryPrimitives.WriteInt64LittleEndian(slot, signal.Sequence);
        if (Write(signal, slot))
        {
            if (_oversized is not null) _oversized[index] = null;
        }
        else
        {
            (_oversized ??= new Signal?[Slots])[index] = signal;
        }
    }

    /// <summary>Adds the kept signals to <paramref name="into"/>, oldest first, as objects (for reads and storage, not per request).</summary>
    public void CopyTo(List<Signal> into, string user)
    {
        for (var i = 0; i < Count; i++)
        {
            var index = Physical(i);
            into.Add(_oversized?[index] ?? Read(Slot(index), user));
        }
    }

    /// <summary>The slot of the <paramref name="logical"/>-th signal, oldest first (the next free one at <see cref="Count"/>).</summary>
    private int Physical(int logical) => (_oldest + logical) % Slots;

    private Span<byte> Slot(int index) => _slots.AsSpan(index * SlotSize, SlotSize);

    /// <summary>Doubles the slots up to the capacity, oldest first from slot 0: most users make few requests.</summary>
    private void Grow()
    {
        var slots = Math.Min(capacity, Math.Max(2, Slots * 2));
        var grown = new byte[slots * SlotSize];
        var oversized = _oversized is null ? null : new Signal?[slots];
        for (var i = 0; i < Count; i++)
        {
            var index = Physical(i);
            Slot(index).CopyTo(grown.AsSpan(i * SlotSize));
            if (oversized is not null) oversized[i] = _oversized![index];
        }

        _slots = grown;
        _oversized = oversized;
        _oldest = 0;
    }

    private static bool Write(Signal signal, Span<byte> slot)
    {
        var name = SignalNames.Lifecycle.Items.IndexOf(signal.Name);
        var payload = slot[Header..];
        if (name < 0
            || !TryEncode(signal.Data, payload, out var data)
            || !TryEncode(signal.RequestId, payload[data..], out var requestId)
            || !TryEncode(signal.TraceId, payload[(data + requestId)..], out var traceId))
        {
            return false;
        }

        signal.Id.TryWriteBytes(slot[8..]);
        BinaryPrimitives.WriteInt64LittleEndian(slot[24..], signal.Timestamp.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(slot[32..], (short)signal.Timestamp.Offset.TotalMinutes);
        slot[34] = (byte)name;
        slot[35] = (byte)((signal.RequestId is null ? 0 : HasRequestId) | (signal.TraceId is null ? 0 : HasTraceId) | (signal.Durable ? IsDurable : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(slot[36..], (ushort)data);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[38..], (ushort)requestId);
        BinaryPrimitives.WriteUInt16LittleEndian(slot[40..], (ushort)traceId);
        return true;
    }

    private static Signal Read(ReadOnlySpan<byte> slot, string user)
    {
        var flags = slot[35];
        var data = BinaryPrimitives.ReadUInt16LittleEndian(slot[36..]);
        var requestId = BinaryPrimitives.ReadUInt16LittleEndian(slot[38..]);
        var traceId = BinaryPrimitives.ReadUInt16LittleEndian(slot[40..]);
        var payload = slot[Header..];
        var utc = new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(slot[24..]), TimeSpan.Zero);
        return new Signal(
            new Guid(slot.Slice(8, 16)),
            BinaryPrimitives.ReadInt64LittleEndian(slot),
            SignalNames.Lifecycle.Items[slot[34]],
            user,
            Encoding.UTF8.GetString(payload[..data]),
            (flags & HasRequestId) != 0 ? Encoding.UTF8.GetString(payload.Slice(data, requestId)) : null,
            (flags & HasTraceId) != 0 ? Encoding.UTF8.GetString(payload.Slice(data + requestId, traceId)) : null,
            utc.ToOffset(TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(slot[32..]))),
            (flags & IsDurable) != 0);
    }

    private static bool TryEncode(string? text, Span<byte> into, out int written)
    {
        written = 0;
        return text is null || Encoding.UTF8.TryGetBytes(text, into, out written);
    }
}
