import Foundation
import ReachJSON

/// The body of a delivery, shaped like Saleshandy's: the event name, a timestamp named for the
/// event (`emailSentAt`, …), and `prospect`, `sequence` and `user` objects whose scalars are
/// strings, as in its published sample. Reach adds `eventId` (the same in every retry and in the
/// event feed), `occurredAt`, and `emailAccount`, `task` and `detail` where the event has them.
public struct WebhookPayload: Sendable {
    let codec: PublicIDCodec

    public init(codec: PublicIDCodec) {
        self.codec = codec
    }

    /// What Saleshandy's sample calls the time of an `email-sent`; the other names follow it.
    static func timestampKey(of kind: SendingEvent.Kind) -> String {
        switch kind {
        case .sent: "emailSentAt"
        case .opened: "emailOpenedAt"
        case .clicked: "linkClickedAt"
        case .replyReceived: "replyReceivedAt"
        case .bounced: "emailBouncedAt"
        case .unsubscribed: "unsubscribedAt"
        case .outcomeUpdated: "outcomeUpdatedAt"
        case .finished: "prospectFinishedAt"
        case .sequencePaused: "sequencePausedAt"
        case .mailboxDisconnected: "emailAccountDisconnectedAt"
        case .mailboxPaused: "emailAccountPausedAt"
        case .taskCreated: "taskCreatedAt"
        case .taskUpdated, .callTaskUpdated, .linkedInTaskUpdated, .whatsAppTaskUpdated, .customTaskUpdated, .bulkTaskUpdated: "taskUpdatedAt"
        case .failed: "emailFailedAt"
        case .outcomeUnknown: "occurredAt"
        case .webhookDisabled: "webhookDisabledAt"
        }
    }

    public struct ProspectBlock: Sendable {
        public let prospect: Prospect
        public let fields: [Field]
        public let tags: [String]

        public init(prospect: Prospect, fields: [Field], tags: [String]) {
            self.prospect = prospect
            self.fields = fields
            self.tags = tags
        }
    }

    public func body(for event: RecordedEvent, prospect: ProspectBlock?, context: WebhookEventContext) -> [UInt8] {
        let at = ISO8601Parsing.string(from: event.occurredAt)
        var body: [String: JSONValue] = [
            "event": .string(event.kind.rawValue),
            "eventId": .string(codec.encode(event.id)),
            "occurredAt": .string(at),
            Self.timestampKey(of: event.kind): .string(at),
        ]
        if let prospect { body["prospect"] = .object(prospectObject(prospect, status: context.enrolmentStatus)) }
        if let sequence = event.sequenceID { body["sequence"] = .object(sequenceObject(sequence, event: event, context: context)) }
        if let mailbox = event.emailAccountID {
            body["emailAccount"] = .object(["id": .string(codec.encode(mailbox)), "email": .string(context.mailboxEmail ?? "")])
        }
        if let task = event.taskID {
            var object: [String: JSONValue] = ["id": .string(codec.encode(task))]
            if let type = context.taskType { object["type"] = .string(String(type)) }
            if let status = context.taskStatus { object["status"] = .string(status) }
            body["task"] = .object(object)
        }
        if let detail = event.detail { body["detail"] = .string(detail) }
        if let user = context.user {
            body["user"] = .object(["firstName": .string(user.firstName), "lastName": .string(user.lastName), "email": .string(user.email)])
        }
        return Array(JSONWriter.string(.object(body)).utf8)
    }

    func prospectObject(_ block: ProspectBlock, status: String?) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "id": .string(codec.encode(block.prospect.id)),
            "prospectCreatedAt": .string(ISO8601Parsing.string(from: block.prospect.createdAt)),
            "email": .string(block.prospect.email),
            "tag": .array(block.tags.map(JSONValue.string)),
        ]
        for system in SystemField.allCases where system != .email { object[system.rawValue] = .string("") }
        for field in block.fields {
            guard let value = block.prospect.values[field.id] else { continue }
            // System fields under Saleshandy's keys, custom ones under their labels.
            object[field.systemField?.rawValue ?? field.label] = .string(value)
        }
        if let status { object["latestStatus"] = .string(status.prefix(1).uppercased() + status.dropFirst()) }
        return object
    }

    func sequenceObject(_ sequence: SequenceID, event: RecordedEvent, context: WebhookEventContext) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "id": .string(codec.encode(sequence)),
            "sequenceName": .string(context.sequenceTitle ?? ""),
        ]
        if let step = event.stepID { object["stepID"] = .string(codec.encode(step)) }
        if let number = context.stepNumber { object["stepNumber"] = .string(String(number)) }
        if let index = context.variantIndex, let scalar = UnicodeScalar(65 + index) { object["variant"] = .string(String(Character(scalar))) }
        if let isFollowUp = context.isFollowUp { object["isFollowUp"] = .bool(isFollowUp) }
        if let subject = context.subject { object["emailSubject"] = .string(subject) }
        if let sender = context.senderEmail { object["senderEmail"] = .string(sender) }
        if let outcome = context.outcome {
            object["latestOutcome"] = .string(UniboxCategory.find(outcome)?.name ?? outcome)
        }
        if let deal = context.dealValue { object["dealValue"] = .string(deal.rounded() == deal ? String(Int64(deal)) : String(deal)) }
        if let enrolled = context.enrolledAt { object["importedAt"] = .string(ISO8601Parsing.string(from: enrolled)) }
        return object
    }
}
