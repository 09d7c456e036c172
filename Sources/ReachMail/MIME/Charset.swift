import Foundation

/// Text in the charsets mail actually arrives in. Names are matched as IANA registers them and
/// by their common aliases; text in a charset Reach cannot read is decoded as Windows-1252 (every
/// byte is something) and reported, never dropped.
enum Charset {
    static func decode(_ bytes: [UInt8], charset name: String?) -> (text: String, known: Bool) {
        let label = (name ?? "us-ascii").lowercased().trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"")))
        switch label {
        case "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "":
            // Mislabelled Latin-1 is common: UTF-8 that does not validate is read as Windows-1252.
            if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
            return (windows1252(bytes), label.hasPrefix("utf"))
        case "iso-8859-1", "latin1", "iso_8859-1", "l1", "cp819":
            return (String(decoding: bytes.map { UInt16($0) }, as: UTF16.self), true)
        case "iso-8859-15", "latin-9", "latin9":
            return (latin9(bytes), true)
        case "windows-1252", "cp1252", "x-cp1252":
            return (windows1252(bytes), true)
        default:
            if let encoding = foundationEncodings[label], let text = String(data: Data(bytes), encoding: encoding) { return (text, true) }
            return (windows1252(bytes), false)
        }
    }

    private static let foundationEncodings: [String: String.Encoding] = [
        "iso-8859-2": .isoLatin2, "latin2": .isoLatin2,
        "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
        "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251,
        "windows-1253": .windowsCP1253, "windows-1254": .windowsCP1254,
        "shift_jis": .shiftJIS, "shift-jis": .shiftJIS, "sjis": .shiftJIS, "x-sjis": .shiftJIS,
        "iso-2022-jp": .iso2022JP,
        "euc-jp": .japaneseEUC,
        "utf-16": .utf16, "utf-16be": .utf16BigEndian, "utf-16le": .utf16LittleEndian,
        "utf-32": .utf32,
    ]

    /// Windows-1252: Latin-1 with printable characters in 0x80–0x9F.
    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if (0x80...0x9F).contains(byte), let mapped = cp1252High[Int(byte - 0x80)] {
                scalars.append(Unicode.Scalar(mapped)!)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    private static let cp1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]

    /// ISO-8859-15: Latin-1 with eight code points replaced (the euro sign among them).
    static func latin9(_ bytes: [UInt8]) -> String {
        let replaced: [UInt8: UInt32] = [0xA4: 0x20AC, 0xA6: 0x0160, 0xA8: 0x0161, 0xB4: 0x017D, 0xB8: 0x017E, 0xBC: 0x0152, 0xBD: 0x0153, 0xBE: 0x0178]
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(replaced[byte] ?? UInt32(byte))!) }
        return String(scalars)
    }
}
