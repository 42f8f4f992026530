#!/usr/bin/env python3
"""What a Windows .exe carries and needs, read from its PE headers (standard library only).

    pe_info.py FILE.exe

Prints, one fact a line:
    subsystem gui|console
    import name.dll                  each DLL the loader must find (lower case, once)
    resource TYPE count              icon, group-icon, version, manifest, ...
    icon WxH BITSbit                 each image of the main icon group
    version KEY=VALUE                the version resource's strings (FileVersion, ProductName, ...)
    fixed-version A.B.C.D            the version resource's binary file version
    manifest-level LEVEL             the execution level the manifest asks for (asInvoker, ...)

scripts/test-windows.sh checks these: the app's icon and version resource, and which DLLs a
user needs beside the .exe. Exit 2 if FILE is not a PE file.
"""
import re
import struct
import sys

RESOURCE_TYPES = {
    1: "cursor", 2: "bitmap", 3: "icon", 4: "menu", 5: "dialog", 6: "string", 9: "accelerator",
    10: "rcdata", 12: "group-cursor", 14: "group-icon", 16: "version", 24: "manifest",
}
SUBSYSTEMS = {2: "gui", 3: "console"}


class PE:
    def __init__(self, data):
        self.data = data
        if data[:2] != b"MZ":
            raise ValueError("no MZ header")
        pe = struct.unpack_from("<I", data, 0x3C)[0]
        if data[pe:pe + 4] != b"PE\0\0":
            raise ValueError("no PE signature")
        coff = pe + 4
        sections, opt_size = struct.unpack_from("<H", data, coff + 2)[0], struct.unpack_from("<H", data, coff + 16)[0]
        opt = coff + 20
        magic = struct.unpack_from("<H", data, opt)[0]
        plus = magic == 0x20B
        self.subsystem = struct.unpack_from("<H", data, opt + 68)[0]
        dirs = opt + (112 if plus else 96)
        count = struct.unpack_from("<I", data, dirs - 4)[0]
        self.dirs = [struct.unpack_from("<II", data, dirs + 8 * i) for i in range(count)]
        table = opt + opt_size
        self.sections = []
        for i in range(sections):
            s = table + 40 * i
            vsize, vaddr, rsize, raddr = struct.unpack_from("<IIII", data, s + 8)
            self.sections.append((vaddr, max(vsize, rsize), raddr))
        self.plus = plus

    def offset(self, rva):
        for vaddr, size, raddr in self.sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + raddr
        raise ValueError(f"RVA {rva:#x} is in no section")

    def cstr(self, off):
        end = self.data.index(b"\0", off)
        return self.data[off:end].decode("ascii", "replace")

    def imports(self):
        rva, size = self.dirs[1] if len(self.dirs) > 1 else (0, 0)
        names = []
        if not rva:
            return names
        off = self.offset(rva)
        while True:
            fields = struct.unpack_from("<IIIII", self.data, off)
            if not any(fields):
                break
            names.append(self.cstr(self.offset(fields[3])))
            off += 20
        # Delay-loaded DLLs are needed too, only later.
        rva, size = self.dirs[13] if len(self.dirs) > 13 else (0, 0)
        if rva:
            off = self.offset(rva)
            while True:
                fields = struct.unpack_from("<IIIIIIII", self.data, off)
                if not any(fields):
                    break
                names.append(self.cstr(self.offset(fields[1])))
                off += 32
        return names

    def resources(self):
        """{type id: [(name id, language, bytes)]}"""
        rva, size = self.dirs[2] if len(self.dirs) > 2 else (0, 0)
        found = {}
        if not rva:
            return found
        base = self.offset(rva)

        def entries(off):
            named, ids = struct.unpack_from("<HH", self.data, base + off + 12)
            for i in range(named + ids):
                name, target = struct.unpack_from("<II", self.data, base + off + 16 + 8 * i)
                yield name, target

        for type_id, t in entries(0):
            for name_id, n in entries(t & 0x7FFFFFFF):
                for lang, leaf in entries(n & 0x7FFFFFFF):
                    data_rva, data_size = struct.unpack_from("<II", self.data, base + (leaf & 0x7FFFFFFF))
                    start = self.offset(data_rva)
                    found.setdefault(type_id, []).append((name_id, lang, self.data[start:start + data_size]))
        return found


def version_strings(blob):
    """The strings and the fixed file version of a VS_VERSIONINFO resource."""
    strings, fixed = {}, None

    def align(n):
        return (n + 3) & ~3

    def node(off, depth):
        nonlocal fixed
        length, value_length, kind = struct.unpack_from("<HHH", blob, off)
        end = off + length
        key_start = off + 6
        key_end = key_start
        while blob[key_end:key_end + 2] != b"\0\0":
            key_end += 2
        key = blob[key_start:key_end].decode("utf-16-le")
        value_off = align(key_end + 2)
        if key == "VS_VERSION_INFO" and value_length >= 52:
            sig, _, ms, ls = struct.unpack_from("<IIII", blob, value_off)
            if sig == 0xFEEF04BD:
                fixed = f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
            child = align(value_off + value_length)
        elif kind == 1 and depth == 3 and value_length:
            text = blob[value_off:value_off + 2 * value_length].decode("utf-16-le").rstrip("\0")
            strings[key] = text
            child = end
        else:
            child = align(value_off + (value_length if kind == 0 else 2 * value_length))
        while child < end:
            length_child = struct.unpack_from("<H", blob, child)[0]
            if length_child == 0:
                break
            node(child, depth + 1)
            child = align(child + length_child)

    node(0, 0)
    return strings, fixed


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    try:
        pe = PE(data)
    except (ValueError, struct.error) as e:
        print(f"{sys.argv[1]}: not a PE file: {e}", file=sys.stderr)
        return 2
    print(f"subsystem {SUBSYSTEMS.get(pe.subsystem, pe.subsystem)}")
    for name in sorted({n.lower() for n in pe.imports()}):
        print(f"import {name}")
    resources = pe.resources()
    for type_id in sorted(resources):
        print(f"resource {RESOURCE_TYPES.get(type_id, type_id)} {len(resources[type_id])}")
    for _, _, blob in resources.get(14, [])[:1]:
        _, _, count = struct.unpack_from("<HHH", blob, 0)
        for i in range(count):
            w, h, _, _, _, bits = struct.unpack_from("<BBBBHH", blob, 6 + 14 * i)
            print(f"icon {w or 256}x{h or 256} {bits}bit")
    for _, _, blob in resources.get(16, []):
        strings, fixed = version_strings(blob)
        for key, value in strings.items():
            print(f"version {key}={value}")
        if fixed:
            print(f"fixed-version {fixed}")
    for _, _, blob in resources.get(24, [])[:1]:
        level = re.search(rb'requestedExecutionLevel[^>]*level=["\']([A-Za-z]+)', blob)
        print(f"manifest-level {level.group(1).decode() if level else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
