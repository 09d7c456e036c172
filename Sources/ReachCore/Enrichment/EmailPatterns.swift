import Foundation

/// The address patterns companies use most, most common first (first.last, first, flast,
/// firstlast, f.last, first_last, firstl, last.first, last), built from a name folded to ASCII
/// letters: "Zoë O'Brien" gives zoe.obrien, zoe, zobrien...
enum EmailPatterns {
    static func candidates(first: String, last: String, domain: String) -> [EmailAddress] {
        let f = folded(first), l = folded(last)
        guard !f.isEmpty, !l.isEmpty else { return [] }
        let locals = ["\(f).\(l)", f, "\(f.prefix(1))\(l)", "\(f)\(l)", "\(f.prefix(1)).\(l)", "\(f)_\(l)", "\(f)\(l.prefix(1))", "\(l).\(f)", l]
        var seen = Set<String>()
        return locals.filter { seen.insert($0).inserted }.compactMap { EmailAddress("\($0)@\(domain)") }
    }

    /// Lower-case ASCII letters only: accents dropped, apostrophes, hyphens and spaces removed.
    static func folded(_ name: String) -> String {
        let plain = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        return String(plain.unicodeScalars.filter { ("a"..."z").contains($0) }.map(Character.init))
    }
}
