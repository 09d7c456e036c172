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
        guard trimmed.utf8.count <= 254, let at = trimmed.lastIndex(of: "@") else { return nil }
        let local = trimmed[..<at]
        let domain = trimmed[trimmed.index(after: at)...].lowercased()
        guard Self.isValidLocalPart(local), Self.isValidDomain(domain) else { return nil }
        address = "\(local)@\(domain)"
    }

    public var description: String { address }

    /// The key under which two spellings of one mailbox are the same.
    public var normalized: String { address.lowercased() }

    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    static let localSpecials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    static func isValidLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return false
        }
        return local.unicodeScalars.allSatisfy { scalar in
            scalar == "." || localSpecials.contains(scalar) || scalar.properties.isAlphabetic
                || ("0"..."9").contains(scalar) || (scalar.value > 0x7F && !scalar.properties.isWhitespace
                    && scalar.properties.generalCategory != .control)
        }
    }

    static func isValidDomain(_ domain: String) -> Bool {
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
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
