import Foundation
import Logging

/// The sending of one claimed email: its body rendered and tracked, handed to the mailbox's SMTP
/// server, and what became of it recorded with what it does to the prospect and the mailbox.
extension SendingEngine {
    /// Deliveries of one pass run side by side, each from its own mailbox.
    typealias Delivery = @Sendable (_ logger: Logger) async throws -> PassReport

    func delivery(of email: ReadiedEmail, as outbound: OutboundMessageID) -> Delivery {
        let (due, sequence, step, steps, schedule) = (email.due, email.sequence, email.step, email.steps, email.schedule)
        let (prospect, mailbox, messageID, unsubscribeURL, now) = (email.prospect, email.mailbox, email.messageID, email.unsubscribeURL, email.now)
        let settings = sequence.settings
        return { logger in
            let body = email.renderer.renderBody(content: email.templates.content, preheader: email.templates.preheader)
            // Tracking links name the message, so they are written once its row exists.
            let rendered = RenderedEmail(
                subject: email.subject,
                html: TrackedHTML.instrument(
                    body.html,
                    opens: settings.isOn(.trackEmailOpens) ? links.openPixelURL(for: outbound) : nil,
                    clicks: settings.isOn(.trackLinkClicks) ? { links.clickURL(for: outbound, target: $0) } : nil,
                    untracked: [unsubscribeURL]),
                text: body.text)
            var report = PassReport()
            var thread = email.thread
            let event = { (kind: SendingEvent.Kind, detail: String?) in
                SendingEvent(
                    kind: kind, accountID: due.accountID, sequenceID: sequence.id, stepID: step.id, prospectID: prospect.id, emailAccountID: mailbox.id,
                    outboundID: outbound, detail: detail, occurredAt: now)
            }
            // About the mailbox, after its message was discarded: no message to point at.
            let mailboxEvent = { (kind: SendingEvent.Kind, detail: String) in
                SendingEvent(
                    kind: kind, accountID: due.accountID, sequenceID: sequence.id, stepID: nil, prospectID: nil, emailAccountID: mailbox.id,
                    outboundID: nil, detail: detail, occurredAt: now)
            }
            do {
                let password: String
                do {
                    password = try secrets.open(mailbox.sealedSMTPPassword)
                } catch let error as ReachError {
                    // Nothing went: the mailbox waits for its user, and its message is not left
                    // `sending` to be taken for one that may have arrived.
                    throw MailSendFailure.mailboxUnusable(reason: error.message)
                }
                try await transport.send(
                    OutgoingEmail(
                        from: mailbox.sender.email.address, fromName: mailbox.sender.fromName, to: [prospect.email], bcc: mailbox.bcc, content: rendered,
                        messageID: messageID, inReplyTo: email.inReplyTo, references: email.references, unsubscribeURL: unsubscribeURL,
                        oneClickUnsubscribe: settings.isOn(.oneClickUnsubscribe)),
                    through: MailServerSettings(address: mailbox.smtp, password: password))
                thread.messageIDs.append(messageID)
                try await finish(
                    outbound, as: .sent, error: nil, event: event(.sent, nil), advancing: due, thread: thread, past: step, of: steps, schedule: schedule,
                    now: now)
                report.sent += 1
            } catch let failure as MailSendFailure {
                switch failure {
                case .recipientRefused(permanent: true, let reason):
                    try await outcomes.record(
                        OutboundOutcome(outbound, status: .failed, error: reason, events: [event(.bounced, reason)], enrolment: .hold(due, .bounced), at: now))
                    try await subsequences.evaluate(prospect: prospect.id, in: sequence.id, account: due.accountID)
                    report.bounced += 1
                case .notAccepted(permanent: true, let reason):
                    // The server refused this message: the prospect waits, paused, for a person to look.
                    try await outcomes.record(
                        OutboundOutcome(outbound, status: .failed, error: reason, events: [event(.failed, reason)], enrolment: .hold(due, .paused), at: now))
                    report.failed += 1
                case .outcomeUnknown(let reason):
                    thread.messageIDs.append(messageID)
                    try await finish(
                        outbound, as: .unknown, error: reason, event: event(.outcomeUnknown, reason), advancing: due, thread: thread, past: step, of: steps,
                        schedule: schedule, now: now)
                    report.unknown += 1
                case .mailboxUnusable(let reason):
                    try await store.discardOutbound(outbound)
                    var disconnected = mailbox
                    disconnected.status = .disconnected
                    disconnected.smtpError = reason
                    disconnected.updatedAt = now
                    try await mailboxes.updateEmailAccount(disconnected)
                    try await store.record(mailboxEvent(.mailboxDisconnected, reason))
                    logger.warning("mailbox \(mailbox.sender.email.address) was disconnected: \(reason)")
                case .recipientRefused(permanent: false, let reason):
                    // The recipient's server asked to try later: nothing was delivered, the step is
                    // tried again once the mailbox has rested; it says nothing about the mailbox.
                    try await store.discardOutbound(outbound)
                    try await store.deferSendSlot(of: mailbox.id, until: now.addingTimeInterval(Self.failureBackoff))
                    logger.info("sending from \(mailbox.sender.email.address) waits: \(reason)")
                    report.waiting += 1
                case .notAccepted(permanent: false, let reason), .unavailable(let reason):
                    // The mailbox's own server failed: it rests, and after too many failures in a row
                    // it is paused until its user resumes it.
                    try await store.discardOutbound(outbound)
                    let failures = try await store.recordSendFailure(of: mailbox.id, restUntil: now.addingTimeInterval(Self.failureBackoff))
                    logger.info("sending from \(mailbox.sender.email.address) failed for now (\(failures) in a row): \(reason)")
                    if failures >= Self.failuresBeforePause,
                        try await store.pauseMailbox(
                            mailbox.id, reason: reason, at: now, raising: mailboxEvent(.mailboxPaused, "\(failures) failures in a row: \(reason)"))
                    {
                        logger.warning("mailbox \(mailbox.sender.email.address) was paused after \(failures) failures in a row: \(reason)")
                    }
                    report.waiting += 1
                }
            }
            return report
        }
    }

    /// Records a message that went (or may have) with its event, and moves its prospect past the
    /// step, all at once; a prospect it finishes is looked at for subsequences.
    func finish(
        _ outbound: OutboundMessageID, as status: OutboundMessage.Status, error: String?, event: SendingEvent,
        advancing due: DueEnrolment, thread: ThreadState, past step: SequenceStep, of steps: [SequenceStep], schedule: Schedule, now: Date
    ) async throws {
        let move = EnrolmentMove.after(step, of: steps, schedule: schedule, now: now)
        var events = [event]
        if move.nextStep == nil {
            events.append(
                SendingEvent(
                    kind: .finished, accountID: due.accountID, sequenceID: due.sequenceID, stepID: step.id, prospectID: due.prospectID,
                    emailAccountID: thread.mailbox, outboundID: nil, detail: nil, occurredAt: now))
        }
        try await outcomes.record(
            OutboundOutcome(outbound, status: status, error: error, events: events, enrolment: .advance(due, thread: thread, move: move), at: now))
        // Finishing is the last chance for conditions such as "Email Opened is false".
        if move.nextStep == nil { try await subsequences.evaluate(prospect: due.prospectID, in: due.sequenceID, account: due.accountID) }
    }
}
