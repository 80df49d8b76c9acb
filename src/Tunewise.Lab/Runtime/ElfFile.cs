using System.Buffers.Binary;
using System.Text;

namespace Tunewise.Lab.Runtime;

/// <summary>
/// A minimal little-endian ELF64 reader: just enough of the section table to find the GNU symbol
/// versioning sections (what a shared library needs, and what it defines).
/// </summary>
internal sealed class ElfFile
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The "weak" bit of vna_flags: the dynamic loader then tolerates the version being absent.</summary>
    public const ushort VerFlagWeak = 0x2;

    private readonly byte[] _bytes;
    private readonly string _path;
    private readonly List<Section> _sections = [];

    private ElfFile(byte[] bytes, string path)
    {
        _bytes = bytes;
        _path = path;
        ReadSectionHeaders();
    }

    public static ElfFile Parse(byte[] bytes, string path) => new(bytes, path);

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
                Require(entry + 16 <= _bytes.Length, "a version-need entry runs past the end of the file");
                ushort auxCount = U16(entry + 2);
                string file = ReadString(strings, U32(entry + 4));
                long aux = entry + U32(entry + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    Require(aux + 16 <= _bytes.Length, "a version-need auxiliary entry runs past the end of the file");
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
                Require(entry + 20 <= _bytes.Length, "a version-definition entry runs past the end of the file");
                ushort auxCount = U16(entry + 6);
                long aux = entry + U32(entry + 12);
                for (int a = 0; a < auxCount; a++)
                {
                    Require(aux + 8 <= _bytes.Length, "a version-definition auxiliary entry runs past the end of the file");
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
        Require(_bytes.Length >= 64 && _bytes[0] == 0x7f && _bytes[1] == (byte)'E' && _bytes[2] == (byte)'L' && _bytes[3] == (byte)'F',
            "it is not an ELF file (the first four bytes are not 0x7F 'E' 'L' 'F')");
        Require(_bytes[4] == 2, "it is not a 64-bit ELF file");
        Require(_bytes[5] == 1, "it is not a little-endian ELF file");
        ulong sectionTable = U64(0x28);
        ushort entrySize = U16(0x3A);
        ushort count = U16(0x3C);
        Require(entrySize >= 64, "its section header size is smaller than an ELF64 section header");
        Require(sectionTable + (ulong)entrySize * count <= (ulong)_bytes.Length, "its section header table runs past the end of the file");
        for (int i = 0; i < count; i++)
        {
            long h = (long)sectionTable + (long)i * entrySize;
            var section = new Section(Type: U32(h + 4), Offset: U64(h + 24), Size: U64(h + 32), Link: U32(h + 40), Info: U32(h + 44));
            Require(section.Type == 8 /* SHT_NOBITS */ || section.Offset + section.Size <= (ulong)_bytes.Length,
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
        int start = (int)(table.Offset + offset);
        int end = Array.IndexOf(_bytes, (byte)0, start, (int)(table.Size - offset));
        Require(end >= 0, "a version name is not terminated");
        return Encoding.ASCII.GetString(_bytes, start, end - start);
    }

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)at, 2));

    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)at, 4));

    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)at, 8));

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
