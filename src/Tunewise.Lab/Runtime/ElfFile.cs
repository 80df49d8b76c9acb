using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// A minimal little-endian ELF64 reader: just enough of the section table to find the GNU symbol
/// versioning sections (what a shared library needs, and what it defines). <see cref="Open"/> reads only
/// those few kilobytes from disk, so checking a library at start-up does not pull megabytes into memory.
/// </summary>
internal sealed class ElfFile : IDisposable
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The "weak" bit of vna_flags: the dynamic loader then tolerates the version being absent.</summary>
    public const ushort VerFlagWeak = 0x2;

    private readonly byte[]? _bytes;
    private readonly SafeFileHandle? _file;
    private readonly long _length;
    private readonly string _path;
    private readonly List<Section> _sections = [];

    private ElfFile(byte[]? bytes, SafeFileHandle? file, string path)
    {
        _bytes = bytes;
        _file = file;
        _length = bytes?.LongLength ?? RandomAccess.GetLength(file!);
        _path = path;
        try
        {
            ReadSectionHeaders();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Reads from a copy of the whole file already in memory.</summary>
    public static ElfFile Parse(byte[] bytes, string path) => new(bytes, null, path);

    /// <summary>Reads from the file on demand.</summary>
    public static ElfFile Open(string path) => new(null, File.OpenHandle(path), path);

    public void Dispose() => _file?.Dispose();

    /// <summary>Each version requirement (library file, version name) with the file offset of its vna_flags.</summary>
    public IReadOnlyList<VersionRequirement> VersionRequirements()
    {
        var result = new List<VersionRequirement>();
        foreach (var section in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strings = StringTable(section);
            long entry = (long)section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                Require(entry + 16 <= _length, "a version-need entry runs past the end of the file");
                ushort auxCount = U16(entry + 2);
                string file = ReadString(strings, U32(entry + 4));
                long aux = entry + U32(entry + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    Require(aux + 16 <= _length, "a version-need auxiliary entry runs past the end of the file");
                    ushort flags = U16(aux + 4);
                    string name = ReadString(strings, U32(aux + 8));
                    result.Add(new VersionRequirement(file, name, flags, aux + 4));
                    uint nextAux = U32(aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = U32(entry + 12);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    /// <summary>The version names a library defines (for libstdc++: GLIBCXX_3.4, …, GLIBCXX_3.4.30).</summary>
    public IReadOnlySet<string> VersionDefinitions()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strings = StringTable(section);
            long entry = (long)section.Offset;
            for (uint i = 0; i < section.Info; i++)
            {
                Require(entry + 20 <= _length, "a version-definition entry runs past the end of the file");
                ushort auxCount = U16(entry + 6);
                long aux = entry + U32(entry + 12);
                for (int a = 0; a < auxCount; a++)
                {
                    Require(aux + 8 <= _length, "a version-definition auxiliary entry runs past the end of the file");
                    result.Add(ReadString(strings, U32(aux)));
                    uint nextAux = U32(aux + 4);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = U32(entry + 16);
                if (next == 0) break;
                entry += next;
            }
        }
        return result;
    }

    private void ReadSectionHeaders()
    {
        Span<byte> ident = stackalloc byte[6];
        Require(_length >= 64, "it is not an ELF file (it is shorter than an ELF header)");
        Read(0, ident);
        Require(ident[0] == 0x7f && ident[1] == (byte)'E' && ident[2] == (byte)'L' && ident[3] == (byte)'F',
            "it is not an ELF file (the first four bytes are not 0x7F 'E' 'L' 'F')");
        Require(ident[4] == 2, "it is not a 64-bit ELF file");
        Require(ident[5] == 1, "it is not a little-endian ELF file");
        ulong sectionTable = U64(0x28);
        ushort entrySize = U16(0x3A);
        ushort count = U16(0x3C);
        Require(entrySize >= 64, "its section header size is smaller than an ELF64 section header");
        Require(sectionTable + (ulong)entrySize * count <= (ulong)_length, "its section header table runs past the end of the file");
        for (int i = 0; i < count; i++)
        {
            long h = (long)sectionTable + (long)i * entrySize;
            var section = new Section(Type: U32(h + 4), Offset: U64(h + 24), Size: U64(h + 32), Link: U32(h + 40), Info: U32(h + 44));
            Require(section.Type == 8 /* SHT_NOBITS */ || section.Offset + section.Size <= (ulong)_length,
                $"section {i} runs past the end of the file");
            _sections.Add(section);
        }
    }

    private Section StringTable(Section versionSection)
    {
        Require(versionSection.Link < _sections.Count, "a version section links to a string table that does not exist");
        return _sections[(int)versionSection.Link];
    }

    private string ReadString(Section table, uint offset)
    {
        Require(offset < table.Size, "a version name points outside its string table");
        long start = (long)(table.Offset + offset);
        var name = new byte[(int)Math.Min(256, table.Size - offset)];
        Read(start, name);
        int end = Array.IndexOf(name, (byte)0);
        Require(end >= 0, "a version name is not terminated");
        return Encoding.ASCII.GetString(name, 0, end);
    }

    private void Read(long at, Span<byte> destination)
    {
        Require(at >= 0 && at + destination.Length <= _length, "a reference points past the end of the file");
        if (_bytes is not null)
        {
            _bytes.AsSpan((int)at, destination.Length).CopyTo(destination);
            return;
        }
        int read = 0;
        while (read < destination.Length)
        {
            int n = RandomAccess.Read(_file!, destination[read..], at + read);
            Require(n > 0, "the file ended while it was being read");
            read += n;
        }
    }

    private ushort U16(long at)
    {
        Span<byte> value = stackalloc byte[2];
        Read(at, value);
        return BinaryPrimitives.ReadUInt16LittleEndian(value);
    }

    private uint U32(long at)
    {
        Span<byte> value = stackalloc byte[4];
        Read(at, value);
        return BinaryPrimitives.ReadUInt32LittleEndian(value);
    }

    private ulong U64(long at)
    {
        Span<byte> value = stackalloc byte[8];
        Read(at, value);
        return BinaryPrimitives.ReadUInt64LittleEndian(value);
    }

    private void Require(bool condition, string problem)
    {
        if (!condition) throw new NativeLibraryException($"Cannot read '{_path}': {problem}.");
    }

    private sealed record Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info);

    internal sealed record VersionRequirement(string File, string Name, ushort Flags, long FlagsOffset)
    {
        public bool IsWeak => (Flags & VerFlagWeak) != 0;
    }
}
