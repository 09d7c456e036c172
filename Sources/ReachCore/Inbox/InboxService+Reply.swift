import Foundation

extension InboxService {
    /// A reply written in the inbox (§12.4).
    public struct Reply: Sendable {
        public let thread: InboxThreadID
        public let answering: InboxMessageID
        /// HTML as the user wrote it.
        public let content: String
        public let to: [String]
        public let cc: [String]
        public let bcc: [String]
        public let attachmentCount: Int

        public init(thread: InboxThreadID, answering: InboxMessageID, content: String, to: [String], cc: [String], bcc: [String], attachmentCount: Int) {
            self.thread = thread
            self.answering = answering
            self.content = content
            self.to = to
            self.cc = cc
            self.bcc = bcc
            self.attachmentCount = attachmentCount
        }
    }

    /// Sends the reply over SMTP from the thread's mailbox, in the same conversation
    /// (In-Reply-To, References, "Re:" subject), then keeps it in the thread. Nothing is kept
    /// when the server refuses it.
    public func reply(_ reply: Reply, in account: AccountID) async throws -> InboxMessage {
        guard let thread = try await inbox.thread(reply.thread, in: account) else { throw Self.threadNotFound }
        guard let answered = try await inbox.message(reply.answering, in: account), answered.threadID == thread.id else {
            throw ReachError.invalidInput("emailId is not an email of this thread", field: "emailId", code: 1001)
        }
        guard reply.attachmentCount == 0 else {
            throw ReachError.invalidInput("Attachments are not supported by Reach yet: send the reply without attachmentIds", field: "attachmentIds", code: 1001)
        }
        guard !reply.content.trimmingWhitespace().isEmpty else { throw ReachError.invalidInput("content should not be empty", field: "content", code: 1001) }
        let to = try Self.addresses(reply.to, field: "to")
        guard !to.isEmpty else { throw ReachError.invalidInput("to must list at least one address", field: "to", code: 1001) }
        let cc = try Self.addresses(reply.cc, field: "cc")
        let bcc = try Self.addresses(reply.bcc, field: "bcc")
        guard to.count + cc.count + bcc.count <= 50 else { throw ReachError.invalidInput("A reply may have at most 50 recipients", field: "to", code: 1001) }
        guard let mailbox = try await emailAccounts.emailAccount(thread.emailAccountID, in: account) else { throw Self.threadNotFound }
        guard mailbox.canSend else {
            throw ReachError.invalidInput("Email account \(mailbox.sender.email.address) is inactive: reconnect or resume it first", field: "emailThreadId", code: 40201)
        }
        let subject = SubjectLine.conversationKey(answered.subject) == answered.subject.lowercased() ? "Re: \(answered.subject)" : answered.subject
        let html = mailbox.signatureHTML.isEmpty ? reply.content : reply.content + "<br><br>" + mailbox.signatureHTML
        let content = RenderedEmail(subject: subject, html: html, text: HTMLText.plainText(fromHTML: html))
        let messageID = "reach.\(UUID().uuidString.lowercased())@\(mailbox.sender.email.domain)"
        let references = Array((answered.references + [answered.messageID]).suffix(20))
        do {
            try await transport.send(
                OutgoingEmail(
                    from: mailbox.sender.email.address, fromName: mailbox.sender.fromName, to: to.map(\.address), cc: cc.map(\.address),
                    bcc: bcc.map(\.address) + mailbox.bcc, content: content, messageID: messageID, inReplyTo: answered.messageID, references: references),
                through: MailServerSettings(address: mailbox.smtp, password: try secrets.open(mailbox.sealedSMTPPassword)))
        } catch let failure as MailSendFailure {
            throw ReachError.invalidInput("The reply was not sent: \(failure.reason)", code: 4000)
        }
        let now = clock.now
        let mail = InboundMail(
            messageID: messageID, inReplyTo: [answered.messageID], references: references, from: mailbox.sender.email.normalized,
            fromName: mailbox.sender.fromName, to: to.map(\.address), cc: cc.map(\.address), subject: subject, date: now, text: content.text,
            html: html, newText: content.text)
        let new = NewInboxMessage(
            accountID: account, threadID: thread.id, emailAccountID: mailbox.id, direction: .sent, mail: mail, messageID: messageID,
            classification: nil, outboundID: nil, folder: nil, uid: nil)
        guard let id = try await inbox.add(new, at: now), let stored = try await inbox.message(id, in: account) else {
            throw ReachError.internalFailure
        }
        return stored
    }

    static func addresses(_ texts: [String], field: String) throws -> [EmailAddress] {
        try texts.map { text in
            guard let address = EmailAddress(text.trimmingWhitespace()) else {
                throw ReachError.invalidInput("\(field): \(text) is not an email address", field: field, code: 1001)
            }
            return address
        }
    }
}
