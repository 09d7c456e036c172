/// An email address that passed Reach's syntax rules: the one place those rules live.
///
/// Accepts what RFC 5321 and RFC 6531 allow in practice for outreach: a dot-atom local part
/// (UTF-8 letters allowed), a domain of at least two labels (internationalised labels allowed),
/// 64 characters for the local part and 254 in all. Quoted local parts and address literals are
/// refused: no mailbox a sales team writes to uses them, and they are a common injection vector.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// As written, trimmed, with the domain in lower case.
    public let address: String

    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        guard trimmed.utf8.count <= 254 else { return nil }
        // Nearly every address is ASCII: checked byte by byte, an order of magnitude faster
        // than the Unicode path below, which gives the same answer for ASCII input.
        if let ascii = Self.asciiAddress(trimmed) {
            guard let address = ascii else { return nil }
            self.address = address
            return
        }
        guard let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...].lowercased()
        guard Self.isValidLocalPart(local), Self.isValidDomain(domain) else { return nil }
        address = "\(local)@\(domain)"
    }

    /// An address read back from storage, where only valid addresses are kept.
    public init(stored address: String) {
        self.address = address
    }

    public var description: String { address }

    /// The key under which two spellings of one mailbox are the same.
    public var normalized: String { address.lowercased() }

    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    static let localSpecials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
    static let asciiLocalSpecials = Set("!#$%&'*+-/=?^_`{|}~".utf8)

    /// nil when the text is not all ASCII (use the Unicode path); otherwise the address with a
    /// lower-cased domain, or .some(nil) when it is not a valid address.
    static func asciiAddress(_ text: String) -> String?? {
        var bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return .some(nil) }
        let local = bytes[..<at]
        guard !local.isEmpty, local.count <= 64, local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return .some(nil) }
        var previousWasDot = false
        for byte in local {
            let isDot = byte == UInt8(ascii: ".")
            guard isAlphanumeric(byte) || isDot || asciiLocalSpecials.contains(byte), !(isDot && previousWasDot) else { return .some(nil) }
            previousWasDot = isDot
        }
        // Domain: labels of letters, digits and inner hyphens; an alphabetic or xn-- top label.
        let domainStart = at + 1
        for index in domainStart..<bytes.count where (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[index]) {
            bytes[index] += 32
        }
        let domain = bytes[domainStart...]
        guard domain.count <= 253 else { return .some(nil) }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return .some(nil) }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return .some(nil) }
        }
        let top = labels.last!
        guard top.starts(with: Array("xn--".utf8)) || top.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }) else {
            return .some(nil)
        }
        return .some(String(decoding: bytes, as: UTF8.self))
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Characters that print as nothing (a zero-width space, a direction mark) or as nothing
    /// agreed: two addresses that look the same must not be two mailboxes.
    static let invisibleCategories: Set<Unicode.GeneralCategory> = [
        .control, .format, .privateUse, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator,
    ]

    static func isValidLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return false
        }
        return local.unicodeScalars.allSatisfy { scalar in
            scalar == "." || localSpecials.contains(scalar) || scalar.properties.isAlphabetic
                || ("0"..."9").contains(scalar) || (scalar.value > 0x7F && !scalar.properties.isWhitespace
                    && !invisibleCategories.contains(scalar.properties.generalCategory))
        }
    }

    public static func isValidDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.utf8.count <= 253 else { return false }
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            let valid = label.unicodeScalars.allSatisfy { scalar in
                scalar == "-" || ("0"..."9").contains(scalar) || scalar.properties.isAlphabetic
            }
            guard valid else { return false }
        }
        let topLevel = labels.last!
        return topLevel.hasPrefix("xn--") || topLevel.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and newlines.
    public func trimmingWhitespace() -> String {
        // Fast path: ends that are visible ASCII need no trimming (most values in an import).
        if let first = first?.asciiValue, let last = last?.asciiValue, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return String(self)
        }
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
