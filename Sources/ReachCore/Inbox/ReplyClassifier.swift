import Foundation

/// Tells a person's answer from mail that only looks like one: bounces, out-of-office and other
/// automatic answers, and requests to be removed. The rules run from the most certain (a delivery
/// status report) to the least (a phrase in the text) and the first that fires decides, so the
/// rule a classification names is always the one to blame when it is wrong.
public struct ReplyClassifier: Sendable {
    public init() {}

    public func classify(_ mail: InboundMail) -> MailClassification {
        if let report = mail.deliveryReport, !report.recipients.isEmpty {
            // A report that nothing failed (a requested success notice) is machine mail, not a bounce.
            return Self.reportedBounce(report)
                ?? MailClassification(kind: .autoReply, rule: "delivery notification (\(Self.actions(of: report)))")
        }
        if let bounce = Self.unreportedBounce(mail) { return bounce }
        if let rule = Self.automaticAnswerRule(mail) {
            return MailClassification(kind: .autoReply, rule: rule, returnDate: Self.returnDate(in: mail))
        }
        // Only what the person wrote counts: our own email's "Unsubscribe" is in every quote.
        if let phrase = Self.firstPhrase(Self.unsubscribePhrases, in: Self.normalized(mail.newText)) {
            return MailClassification(kind: .unsubscribeRequest, rule: phrase.rule(for: "phrase"))
        }
        return MailClassification(kind: .reply, rule: "no automatic sign")
    }
}

// MARK: - Bounces

extension ReplyClassifier {
    static func reportedBounce(_ report: DeliveryReport) -> MailClassification? {
        let failed = report.recipients.first(where: { action(of: $0) == "failed" }) ?? report.recipients.first(where: { action(of: $0) == "delayed" })
        guard let recipient = failed else { return nil }
        let address = recipient.address.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t")).lowercased()
        let status = recipient.status.trimmingCharacters(in: .whitespaces)
        let delayed = action(of: recipient) == "delayed"
        let severity: MailClassification.BounceSeverity = delayed ? .soft : .of(status: status)
        let rule = "DSN \(status.isEmpty ? "without status" : status) for \(address)" + (delayed ? " (delayed)" : "")
        return MailClassification(
            kind: .bounce, rule: rule, bounceSeverity: severity, bouncedAddress: address, bounceStatus: status.isEmpty ? nil : status)
    }

    static func action(of recipient: DeliveryReport.Recipient) -> String {
        recipient.action.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func actions(of report: DeliveryReport) -> String {
        var seen: [String] = []
        for recipient in report.recipients where !seen.contains(action(of: recipient)) { seen.append(action(of: recipient)) }
        return seen.joined(separator: ", ")
    }

    /// Old MTAs (qmail, some Exim and Exchange setups) bounce in plain words: the sender or the
    /// subject says it is a bounce, and the status has to be found in the text.
    static func unreportedBounce(_ mail: InboundMail) -> MailClassification? {
        guard let signal = bounceSignal(mail) else { return nil }
        let text = normalized(mail.text)
        let ownAddresses = Set(([mail.from].compactMap { $0 } + mail.to).map { $0.lowercased() })
        let address = firstAddress(in: text, excluding: ownAddresses)
        let status = enhancedStatus(in: text) ?? smtpCode(in: text)
        let severity: MailClassification.BounceSeverity
        let evidence: String
        if let status {
            severity = .of(status: status)
            evidence = status.contains(".") ? "status \(status)" : "SMTP \(status)"
        } else if let phrase = permanentFailurePhrases.first(where: { wordMatch(Array($0), in: text) != nil }) {
            severity = .hard
            evidence = "\"\(phrase)\""
        } else {
            severity = .soft
            evidence = "no status"
        }
        let rule = "\(signal), \(evidence)" + (address.map { " for \($0)" } ?? "")
        return MailClassification(kind: .bounce, rule: rule, bounceSeverity: severity, bouncedAddress: address, bounceStatus: status)
    }

    static func bounceSignal(_ mail: InboundMail) -> String? {
        if let from = mail.from?.lowercased() {
            let local = String(from.prefix { $0 != "@" })
            if ["mailer-daemon", "postmaster"].contains(local) { return "sender \(local)" }
        }
        let subject = normalized(mail.subject)
        // Prefixes only: a person forwarding a bounce ("Fwd: Undeliverable: ...") is not one.
        if let prefix = bounceSubjects.first(where: { subject.starts(with: Array($0)) }) { return "subject \"\(prefix)\"" }
        return nil
    }

    static let bounceSubjects = [
        "undeliverable:", "undelivered mail returned to sender", "delivery status notification (failure)", "delivery status notification (delay)",
        "mail delivery failed", "failure notice", "returned mail:", "unzustellbar:", "non remis :", "non remis:", "no se puede entregar:",
    ]

    /// What a bounce without a status code says when the address itself is the problem.
    static let permanentFailurePhrases = [
        "does not exist", "user unknown", "unknown user", "no such user", "mailbox unavailable", "address rejected", "no mailbox here",
    ]

    /// The first RFC 3463 status (`5.1.1`), not part of a longer dotted number such as an IP address.
    static func enhancedStatus(in text: [Character]) -> String? {
        for start in text.indices where (text[start] == "4" || text[start] == "5") && isNumberStart(text, start) {
            var end = start + 1
            var complete = true
            for _ in 0..<2 {
                let digits = end < text.count && text[end] == "." ? digitCount(text, from: end + 1) : 0
                guard (1...3).contains(digits) else {
                    complete = false
                    break
                }
                end += 1 + digits
            }
            if complete, isNumberEnd(text, end) { return String(text[start..<end]) }
        }
        return nil
    }

    /// The first SMTP reply code (`550`, `421`): three digits, the second 0 to 5 as RFC 5321 has them.
    static func smtpCode(in text: [Character]) -> String? {
        for start in text.indices where (text[start] == "4" || text[start] == "5") && isNumberStart(text, start) {
            guard digitCount(text, from: start) == 3, isNumberEnd(text, start + 3), let second = text[start + 1].wholeNumberValue, second <= 5 else {
                continue
            }
            return String(text[start..<(start + 3)])
        }
        return nil
    }

    static func isNumberStart(_ text: [Character], _ index: Int) -> Bool {
        index == 0 || !(isWordCharacter(text[index - 1]) || text[index - 1] == ".")
    }

    static func isNumberEnd(_ text: [Character], _ index: Int) -> Bool {
        guard index < text.count else { return true }
        if isWordCharacter(text[index]) { return false }
        return !(text[index] == "." && index + 1 < text.count && isDigit(text[index + 1]))
    }

    static func digitCount(_ text: [Character], from start: Int) -> Int {
        var index = start
        while index < text.count, isDigit(text[index]) { index += 1 }
        return index - start
    }

    static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isWholeNumber
    }

    /// The first address in the text other than the given ones: in a bounce without a report,
    /// the recipient that failed (the explanation names it before the copy of our message).
    static func firstAddress(in text: [Character], excluding excluded: Set<String>) -> String? {
        for at in text.indices where text[at] == "@" {
            var start = at
            while start > 0, isAddressCharacter(text[start - 1], inLocalPart: true) { start -= 1 }
            while start < at, text[start] == "." { start += 1 }
            var end = at + 1
            while end < text.count, isAddressCharacter(text[end], inLocalPart: false) { end += 1 }
            while end > at + 1, text[end - 1] == "." || text[end - 1] == "-" { end -= 1 }
            guard start < at, text[(at + 1)..<end].contains(".") else { continue }
            let address = String(text[start..<end])
            if !excluded.contains(address) { return address }
        }
        return nil
    }

    static func isAddressCharacter(_ character: Character, inLocalPart: Bool) -> Bool {
        guard character.isASCII else { return false }
        if character.isLetter || character.isNumber || character == "." || character == "-" { return true }
        return inLocalPart && (character == "_" || character == "+" || character == "%")
    }
}

// MARK: - Automatic answers

extension ReplyClassifier {
    static func automaticAnswerRule(_ mail: InboundMail) -> String? {
        if let rule = headerRule(mail.headers) { return rule }
        if let phrase = firstPhrase(subjectPhrases, in: normalized(mail.subject)) { return phrase.rule(for: "subject") }
        if let phrase = firstPhrase(bodyPhrases, in: normalized(mail.newText)) { return phrase.rule(for: "phrase") }
        return nil
    }

    /// X-Auto-Response-Suppress is deliberately absent: Outlook sets it on ordinary mail too.
    static func headerRule(_ headers: [String: String]) -> String? {
        // RFC 3834: any value but "no" (which may carry a comment) marks automatic mail.
        if let value = headers["auto-submitted"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty,
           value.lowercased().prefix(while: { $0.isLetter || $0 == "-" }) != "no" {
            return "header Auto-Submitted: \(value)"
        }
        for (name, display) in markerHeaders {
            if let value = headers[name] { return "header \(display): \(value.trimmingCharacters(in: .whitespaces))" }
        }
        if let precedence = headers["precedence"]?.trimmingCharacters(in: .whitespaces).lowercased(),
           ["auto_reply", "bulk", "junk", "list"].contains(precedence) {
            return "header Precedence: \(precedence)"
        }
        if isReadReceipt(headers["content-type"]) { return "read receipt" }
        return nil
    }

    /// Headers whose mere presence marks an automatic answer, with the spelling the rule shows.
    static let markerHeaders: [(name: String, display: String)] = [
        ("x-autoreply", "X-Autoreply"), ("x-autorespond", "X-Autorespond"), ("x-autoresponder", "X-Autoresponder"),
        ("x-ms-exchange-generated-message-source", "X-MS-Exchange-Generated-Message-Source"),
        ("x-ms-exchange-inbox-rules-loop", "X-MS-Exchange-Inbox-Rules-Loop"),
    ]

    /// A message disposition notification (RFC 8098): `multipart/report; report-type=disposition-notification`.
    static func isReadReceipt(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let pieces: [String] = contentType.lowercased().split(separator: ";").map { piece in String(piece.filter { !$0.isWhitespace && $0 != "\"" }) }
        guard pieces.first == "multipart/report" else { return false }
        return pieces.dropFirst().contains("report-type=disposition-notification")
    }

    static let subjectPhrases: [Phrase] = phrases([
        ("en", ["out of office", "out of the office", "automatic reply", "auto reply", "autoreply", "auto-reply", "away from the office", "on vacation",
                "on leave", "annual leave"]),
        ("de", ["abwesenheitsnotiz", "automatische antwort", "nicht im büro", "abwesend", "urlaub"]),
        ("fr", ["réponse automatique", "absence du bureau", "absent du bureau", "message d'absence", "en congé"]),
        ("es", ["respuesta automática", "fuera de la oficina", "ausente", "de vacaciones", "respuesta de ausencia"]),
    ])

    /// Only what an out-of-office says and a person answering does not: "vacation" alone would
    /// catch "hope your vacation was good".
    static let bodyPhrases: [Phrase] = phrases([
        ("en", ["i am out of the office", "i'm out of the office", "i am currently out of the office", "i will be out of the office", "i am on vacation",
                "with limited access to email", "i will respond to your email when i return", "i will have limited access"]),
        ("de", ["ich bin derzeit nicht im büro", "ich bin zurzeit nicht erreichbar", "außer haus", "ich bin abwesend",
                "bin ich nicht im büro"]),
        // Whole-word matching needs the feminine forms spelled out.
        ("fr", ["je suis absent", "je suis absente", "je suis actuellement absent", "je suis actuellement absente", "je serai absent",
                "je serai absente", "je suis en congé", "accès limité à mes e-mails", "je serai de retour"]),
        ("es", ["estoy fuera de la oficina", "estaré fuera de la oficina", "estoy de vacaciones", "no estoy en la oficina", "estaré de vuelta",
                "regresaré el"]),
    ])

    static let unsubscribePhrases: [Phrase] = phrases([
        ("en", ["unsubscribe", "remove me", "take me off", "stop emailing", "stop sending", "do not contact me", "don't contact me", "opt out",
                "opt-out", "not interested, please remove"]),
        ("de", ["abmelden", "austragen", "entfernen sie mich", "keine weiteren e-mails"]),
        ("fr", ["désabonner", "désinscrire", "retirez-moi", "ne plus recevoir"]),
        ("es", ["darme de baja", "dar de baja", "elimíname", "no me escriba", "no quiero recibir"]),
    ])
}

// MARK: - Phrase matching

extension ReplyClassifier {
    /// A phrase and its language, which the rule names so a user sees why.
    struct Phrase: Sendable {
        let text: [Character]
        let language: String

        /// `subject "abwesenheitsnotiz" (de)`.
        func rule(for place: String) -> String { "\(place) \"\(String(text))\" (\(language))" }
    }

    static func phrases(_ table: [(language: String, phrases: [String])]) -> [Phrase] {
        table.flatMap { entry in entry.phrases.map { Phrase(text: Array($0), language: entry.language) } }
    }

    static func firstPhrase(_ phrases: [Phrase], in text: [Character]) -> Phrase? {
        phrases.first { wordMatch($0.text, in: text) != nil }
    }

    /// Text as phrases are matched against: lowercased, typographic apostrophes straightened, and
    /// every run of white space (line breaks, no-break spaces) one space, so a phrase wrapped
    /// across lines still matches. Characters compare by canonical equivalence, so a decomposed
    /// "é" matches the composed one in the tables.
    static func normalized(_ text: String) -> [Character] {
        var characters: [Character] = []
        var pendingSpace = false
        for character in text.lowercased() {
            if character.isWhitespace {
                pendingSpace = !characters.isEmpty
                continue
            }
            if pendingSpace { characters.append(" ") }
            pendingSpace = false
            characters.append(character == "\u{2019}" || character == "\u{2018}" ? "'" : character)
        }
        return characters
    }

    /// Where the phrase first occurs as whole words: "remove me" is not in "remove meeting".
    static func wordMatch(_ phrase: [Character], in text: [Character]) -> Int? {
        guard let first = phrase.first, phrase.count <= text.count else { return nil }
        for start in 0...(text.count - phrase.count) where text[start] == first {
            let end = start + phrase.count
            guard text[start..<end].elementsEqual(phrase) else { continue }
            let boundedBefore = start == 0 || !isWordCharacter(text[start - 1])
            let boundedAfter = end == text.count || !isWordCharacter(text[end])
            if boundedBefore && boundedAfter { return start }
        }
        return nil
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }
}
