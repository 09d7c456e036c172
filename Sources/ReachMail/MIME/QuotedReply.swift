/// What a person wrote in a reply, without the quoted message under it or their signature: the
/// inbox shows this, and classification reads it. The rules are the markers mail programs put
/// between the new text and the quote, in English, German, French and Spanish.
public enum QuotedReply {
    public static func newText(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var kept: [String] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(">") || isSeparator(trimmed) || isAttribution(trimmed, next: index + 1 < lines.count ? lines[index + 1] : nil) {
                break
            }
            // "-- " alone on a line starts a signature (RFC 3676 §4.3).
            if line == "-- " || line == "--" { break }
            kept.append(line)
        }
        return kept.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func isSeparator(_ line: String) -> Bool {
        let lowered = line.lowercased()
        if ["-----original message-----", "-----ursprüngliche nachricht-----", "-----message d'origine-----", "-----mensaje original-----",
            "-----original nachricht-----", "----- forwarded message -----"].contains(lowered) { return true }
        // Outlook's rule above its quoted header block.
        if line.count >= 20, line.allSatisfy({ $0 == "_" }) { return true }
        // "From: ..." opening an Outlook-style quoted header block.
        for prefix in ["from:", "von:", "de :", "de:"] where lowered.hasPrefix(prefix) && lowered.contains("@") {
            return true
        }
        return false
    }

    /// `On Tue, 3 Mar 2026 at 10:00, Ann <ann@x.io> wrote:` and its translations; Gmail wraps
    /// long attributions onto a second line, so the next line is considered with this one.
    static func isAttribution(_ line: String, next: String?) -> Bool {
        let lowered = line.lowercased()
        let joined = next.map { lowered + " " + $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? lowered
        let patterns: [(start: String, end: String)] = [
            ("on ", "wrote:"), ("am ", "schrieb"), ("le ", "a écrit :"), ("le ", "a écrit:"), ("el ", "escribió:"),
        ]
        for pattern in patterns {
            if lowered.hasPrefix(pattern.start), lowered.hasSuffix(pattern.end) || (lowered.hasSuffix(":") && lowered.contains(pattern.end)) { return true }
            if lowered.hasPrefix(pattern.start), !lowered.hasSuffix(":"), joined.hasSuffix(pattern.end) || joined.hasSuffix(pattern.end + ":") { return true }
        }
        return false
    }
}
