import Foundation
import ReachCore
import ReachEngine
import ReachTestSupport
import Testing

@Suite struct ReplyClassifierTests {
    let classifier = ReplyClassifier()

    /// 2026-11-25 09:30 UTC: when the mailbox received the fixtures; their own Date headers are
    /// from the same days.
    static let receivedAt = Date(timeIntervalSince1970: 1_795_599_000)
    /// 2026-12-03 00:00 UTC.
    static let december3 = Date(timeIntervalSince1970: 1_796_256_000)

    static func read(_ fixture: String) -> InboundMail {
        InboundMailReader.read(Array(fixture.utf8), receivedAt: receivedAt)
    }

    static func mail(subject: String = "Re: Quick question", newText: String, text: String? = nil, date: Date = ReplyClassifierTests.receivedAt,
                     headers: [String: String] = [:], report: DeliveryReport? = nil) -> InboundMail {
        InboundMail(
            messageID: "r1@example.test", inReplyTo: ["o1@acme.test"], from: "jo@example.test", subject: subject, date: date, text: text ?? newText,
            newText: newText, headers: headers, deliveryReport: report)
    }

    // MARK: - Replies

    @Test func readsTheThreadAndTheSenderOfAReply() {
        let mail = Self.read(InboundFixtures.gmailReply(from: "Jo.Lang@Example.TEST", inReplyTo: "o2@acme.test", references: ["o1@acme.test"]))
        #expect(mail.from == "jo.lang@example.test")
        #expect(mail.fromName == "Jo Lang")
        #expect(mail.inReplyTo == ["o2@acme.test"])
        #expect(mail.references == ["o1@acme.test", "o2@acme.test"])
        #expect(mail.subject == "Re: Quick question")
        #expect(mail.date == Date(timeIntervalSince1970: 1_795_538_468))
    }

    @Test func gmailReplysNewTextHasNoQuotedLine() {
        let mail = Self.read(InboundFixtures.gmailReply())
        #expect(mail.text.contains("> Unsubscribe"))
        #expect(mail.newText == "Thanks — yes, let's talk next week. Does Tuesday work?")
    }

    @Test func gmailReplyIsAReplyAlthoughItsQuoteSaysUnsubscribe() {
        let mail = Self.read(InboundFixtures.gmailReply())
        #expect(classifier.classify(mail) == MailClassification(kind: .reply, rule: "no automatic sign"))
    }

    @Test func outlookHTMLOnlyReplyIsAReplyWithTheTextAboveTheQuote() {
        let mail = Self.read(InboundFixtures.outlookHTMLOnlyReply())
        #expect(mail.html != nil)
        #expect(mail.newText == "Sounds good, send me the deck.")
        // Outlook puts this on ordinary mail: it must not make an automatic answer.
        #expect(mail.headers["x-auto-response-suppress"] == "All")
        #expect(classifier.classify(mail).kind == .reply)
    }

    @Test func aReplyWithGarbageReferencesIsStillAReply() {
        let mail = Self.read(InboundFixtures.brokenReferencesReply(subject: "Pricing"))
        #expect(mail.subject == "Re: Pricing")
        #expect(mail.inReplyTo.isEmpty)
        #expect(mail.newText == "Who is this?")
        #expect(classifier.classify(mail).kind == .reply)
    }

    @Test func aRequestToBeRemovedIsAnUnsubscribeRequest() {
        let result = classifier.classify(Self.read(InboundFixtures.unsubscribeRequest()))
        #expect(result == MailClassification(kind: .unsubscribeRequest, rule: "phrase \"remove me\" (en)"))
    }

    // MARK: - Out of office

    @Test(arguments: InboundFixtures.OOOLanguage.allCases)
    func outOfOfficeIsAnAutomaticAnswerByItsOwnSign(language: InboundFixtures.OOOLanguage) {
        let result = classifier.classify(Self.read(InboundFixtures.outOfOffice(language: language)))
        let expectedRule =
            switch language {
            case .english: "header Auto-Submitted: auto-replied"
            case .german: "header X-Autoreply: yes"
            case .french: "subject \"réponse automatique\" (fr)"
            case .spanish: "phrase \"estoy fuera de la oficina\" (es)"
            }
        #expect(result.kind == .autoReply)
        #expect(result.rule == expectedRule)
    }

    @Test(arguments: InboundFixtures.OOOLanguage.allCases)
    func outOfOfficeSaysWhenItsSenderIsBack(language: InboundFixtures.OOOLanguage) throws {
        let mail = Self.read(InboundFixtures.outOfOffice(language: language))
        let sent = try #require(mail.date)
        #expect(sent < Self.december3 && sent > Self.december3.addingTimeInterval(-14 * 86_400))
        #expect(classifier.classify(mail).returnDate == Self.december3)
    }

    @Test(arguments: [
        ("I am out of the office until 12/3/2026.", 1_796_256_000),
        ("Estaré de vuelta el 3/12/2026", 1_796_256_000),
        ("Ich bin abwesend, zurück am 3.12.", 1_796_256_000),
        ("I am away until Thursday, the 3rd of December.", 1_796_256_000),
        ("Je suis absente, de retour le 1er décembre 2026.", 1_796_083_200),
        ("Back on 2026-12-04", 1_796_342_400),
    ])
    func readsTheReturnDateInTheFormsPeopleWrite(newText: String, midnightUTC: Int) {
        let result = classifier.classify(Self.mail(subject: "Automatic reply: Quick question", newText: newText))
        #expect(result.returnDate == Date(timeIntervalSince1970: TimeInterval(midnightUTC)))
    }

    @Test func aReturnDateWithoutYearIsTheNextSuchDayAfterTheMail() {
        let mail = Self.mail(newText: "I am on vacation, back on 3 January.", date: Date(timeIntervalSince1970: 1_797_768_000))
        #expect(classifier.classify(mail).returnDate == Date(timeIntervalSince1970: 1_798_934_400))
    }

    @Test func aReplyHasNoReturnDate() {
        let result = classifier.classify(Self.mail(newText: "Yes, interested. I'm free until December 3."))
        #expect(result.kind == .reply)
        #expect(result.returnDate == nil)
    }

    // MARK: - Bounces

    @Test func postfixReportIsAHardBounceOfTheRecipient() {
        let result = classifier.classify(Self.read(InboundFixtures.postfixBounce(bouncedRecipient: "sam.ortiz@example.test")))
        #expect(
            result
                == MailClassification(
                    kind: .bounce, rule: "DSN 5.1.1 for sam.ortiz@example.test", bounceSeverity: .hard, bouncedAddress: "sam.ortiz@example.test",
                    bounceStatus: "5.1.1"))
    }

    @Test func bounceNamesTheOriginalMessage() {
        let mail = Self.read(InboundFixtures.postfixBounce(originalMessageID: "reach.4b1d@acme.test"))
        #expect(mail.deliveryReport?.originalMessageID == "reach.4b1d@acme.test")
    }

    @Test func exchangeReportIsAHardBounceOfTheRecipient() {
        let result = classifier.classify(Self.read(InboundFixtures.exchangeBounce(bouncedRecipient: "sam.ortiz@example.test")))
        #expect(
            result
                == MailClassification(
                    kind: .bounce, rule: "DSN 5.4.1 for sam.ortiz@example.test", bounceSeverity: .hard, bouncedAddress: "sam.ortiz@example.test",
                    bounceStatus: "5.4.1"))
    }

    @Test func delayedDeliveryIsASoftBounce() {
        let result = classifier.classify(Self.read(InboundFixtures.softBounce(bouncedRecipient: "sam.ortiz@example.test")))
        #expect(
            result
                == MailClassification(
                    kind: .bounce, rule: "DSN 4.4.7 for sam.ortiz@example.test (delayed)", bounceSeverity: .soft,
                    bouncedAddress: "sam.ortiz@example.test", bounceStatus: "4.4.7"))
    }

    @Test func failureNoticeWithoutReportIsAHardBounceOfTheAddressItNames() {
        let mail = Self.read(InboundFixtures.nonDSNBounce(bouncedRecipient: "sam.ortiz@example.test"))
        #expect(mail.deliveryReport == nil)
        #expect(
            classifier.classify(mail)
                == MailClassification(
                    kind: .bounce, rule: "sender mailer-daemon, status 5.1.1 for sam.ortiz@example.test", bounceSeverity: .hard,
                    bouncedAddress: "sam.ortiz@example.test", bounceStatus: "5.1.1"))
    }

    @Test func reportThatEverythingWasDeliveredIsNotABounce() {
        let report = DeliveryReport(
            recipients: [DeliveryReport.Recipient(address: "jo@example.test", action: "delivered", status: "2.0.0", diagnostic: nil)],
            originalMessageID: "o1@acme.test")
        let result = classifier.classify(Self.mail(newText: "Your message was delivered.", report: report))
        #expect(result == MailClassification(kind: .autoReply, rule: "delivery notification (delivered)"))
    }

    @Test(arguments: ["5.2.2", "5.7.1"])
    func aFullMailboxOrARefusedMessageIsASoftBounce(status: String) {
        let report = DeliveryReport(
            recipients: [DeliveryReport.Recipient(address: "jo@example.test", action: "failed", status: status, diagnostic: nil)],
            originalMessageID: "o1@acme.test")
        let result = classifier.classify(Self.mail(newText: "Delivery failed.", report: report))
        #expect(result.kind == .bounce)
        #expect(result.bounceSeverity == .soft)
    }

    // MARK: - What must stay a reply

    @Test func autoSubmittedNoIsNotAnAutomaticAnswer() {
        let result = classifier.classify(Self.mail(newText: "Yes, interested.", headers: ["auto-submitted": "no"]))
        #expect(result == MailClassification(kind: .reply, rule: "no automatic sign"))
    }

    @Test func vacationInAnOrdinarySentenceIsAReply() {
        let result = classifier.classify(Self.mail(newText: "Hope your vacation was good! Yes, interested."))
        #expect(result == MailClassification(kind: .reply, rule: "no automatic sign"))
    }

    @Test func unsubscribeOnlyInTheQuoteIsAReply() {
        let mail = Self.mail(newText: "Yes, interested.", text: "Yes, interested.\n\n> Unsubscribe: https://reach.acme.test/u/p1")
        #expect(classifier.classify(mail) == MailClassification(kind: .reply, rule: "no automatic sign"))
    }
}
