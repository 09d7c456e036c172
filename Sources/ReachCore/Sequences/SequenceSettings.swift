/// The 13 settings Saleshandy numbers 1–13, each a string value as its API writes them, and
/// Reach's own from 14 on.
public enum SequenceSettingCode: Int, Sendable, CaseIterable {
    case unsubscribeLinkHTML = 1
    case unsubscribeText = 2
    case markFinishedOnReply = 3
    case trackLinkClicks = 4
    case trackEmailOpens = 5
    case sendToRiskyProspects = 6
    case bcc = 7
    case cc = 8
    case textOnlyEmail = 9
    case showTextOnlyOption = 10
    case espMatching = 11
    case firstStepTextOnly = 12
    /// RFC 8058 List-Unsubscribe-Post. On by default in Reach (Saleshandy: off): Gmail and Yahoo
    /// require it of bulk senders.
    case oneClickUnsubscribe = 13
    /// A reply in this sequence stops the prospect in every other sequence too (Reach).
    case stopOtherSequencesOnReply = 14
    /// A reply in this sequence stops the prospect's colleagues (same email domain) in it (Reach).
    case stopColleaguesOnReply = 15

    public var defaultValue: String {
        switch self {
        case .unsubscribeLinkHTML: "<a href=\"{{link}}\">Unsubscribe</a>"
        case .unsubscribeText: "Unsubscribe"
        case .markFinishedOnReply, .trackLinkClicks, .trackEmailOpens, .oneClickUnsubscribe, .stopOtherSequencesOnReply: "1"
        case .sendToRiskyProspects, .textOnlyEmail, .showTextOnlyOption, .espMatching, .firstStepTextOnly, .stopColleaguesOnReply: "0"
        case .bcc, .cc: "[]"
        }
    }

    var isSwitch: Bool {
        switch self {
        case .unsubscribeLinkHTML, .unsubscribeText, .bcc, .cc: false
        default: true
        }
    }

    /// The value as stored, or why it cannot be: switches are "1"/"0" (true/false accepted),
    /// CC and BCC are JSON arrays of email addresses, the unsubscribe HTML must place `{{link}}`.
    func normalize(_ value: String) -> Result<String, ReachError> {
        let trimmed = value.trimmingWhitespace()
        func invalid(_ reason: String) -> Result<String, ReachError> {
            .failure(ReachError.invalidInput("Setting \(rawValue): \(reason)", field: "settings", code: 1001))
        }
        if isSwitch {
            switch trimmed.lowercased() {
            case "1", "true": return .success("1")
            case "0", "false": return .success("0")
            default: return invalid("must be \"1\" or \"0\"")
            }
        }
        switch self {
        case .unsubscribeLinkHTML:
            guard trimmed.contains("{{link}}") else { return invalid("must contain {{link}} where the unsubscribe URL goes") }
            guard trimmed.count <= 1000 else { return invalid("must be at most 1000 characters") }
            return .success(trimmed)
        case .unsubscribeText:
            guard !trimmed.isEmpty, trimmed.count <= 200 else { return invalid("must be 1 to 200 characters") }
            return .success(trimmed)
        default:
            guard let addresses = Self.emailList(trimmed.isEmpty ? "[]" : trimmed) else {
                return invalid("must be a JSON array of email addresses, such as [\"ops@acme.com\"]")
            }
            return .success("[" + addresses.map { "\"\($0.address)\"" }.joined(separator: ",") + "]")
        }
    }

    /// Reads `["a@x.com", "b@y.com"]` without a JSON library: addresses cannot hold quotes.
    static func emailList(_ text: String) -> [EmailAddress]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        let inner = text.dropFirst().dropLast().trimmingWhitespace()
        if inner.isEmpty { return [] }
        var addresses: [EmailAddress] = []
        for item in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let quoted = item.trimmingWhitespace()
            guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\""),
                  let address = EmailAddress(String(quoted.dropFirst().dropLast()))
            else { return nil }
            addresses.append(address)
        }
        return addresses.count <= 10 ? addresses : nil
    }
}

/// A sequence's settings: the stored values over the defaults.
public struct SequenceSettings: Sendable, Equatable {
    public private(set) var values: [SequenceSettingCode: String]

    public init(values: [SequenceSettingCode: String] = [:]) {
        self.values = values
    }

    public subscript(code: SequenceSettingCode) -> String { values[code] ?? code.defaultValue }

    public func isOn(_ code: SequenceSettingCode) -> Bool { self[code] == "1" }

    /// Applies changes all or nothing.
    public func updating(_ changes: [(code: Int, value: String)]) throws(ReachError) -> SequenceSettings {
        var updated = self
        for change in changes {
            guard let code = SequenceSettingCode(rawValue: change.code) else {
                throw ReachError.invalidInput("Setting code \(change.code) does not exist: codes are 1 to \(SequenceSettingCode.allCases.count)", field: "settings", code: 1001)
            }
            updated.values[code] = try code.normalize(change.value).get()
        }
        return updated
    }
}
