import Foundation
import ReachAPI
import ReachCore
import ReachJSON

struct InboxRoutes {
    let inbox: InboxService

    func register(on router: inout APIRouter) {
        router.add(InboxAPI.list) { request in
            let body = try request.decodeBody(InboxAPI.ListRequest.self)
            let page = PageRequest(number: body.page, size: body.limit, defaultSize: 25, maximumSize: 100)
            func date(_ text: String?, _ field: String) throws -> Date? {
                guard let text else { return nil }
                guard let date = ISO8601Parsing.date(from: text) else { throw ReachError.invalidInput("\(field) must be an ISO 8601 date-time", field: field, code: 1001) }
                return date
            }
            // Ids that name nothing of this installation match nothing; they are not errors.
            let owners = request.ids(body.owners, as: User.self)
            let sequences = request.ids(body.sequenceIds ?? [], as: EmailSequence.self)
            let mailboxes = request.ids(body.emailAccountIds ?? [], as: EmailAccount.self)
            let clients = request.ids(body.clientIds ?? [], as: Client.self)
            let empty = Page<InboxThreadSummary>(items: [], totalItems: 0, request: page)
            // A filter whose every id is foreign matches no thread (not every thread).
            func namesNothing(_ given: [JSONValue]?, _ decoded: Int) -> Bool { !(given ?? []).isEmpty && decoded == 0 }
            let filtersNameNothing = namesNothing(body.owners, owners.ids.count) || namesNothing(body.sequenceIds, sequences.ids.count)
                || namesNothing(body.emailAccountIds, mailboxes.ids.count) || namesNothing(body.clientIds, clients.ids.count)
            let shown = filtersNameNothing ? empty : try await inbox.threads(
                InboxService.ListRequest(
                    page: page, owners: owners.ids, search: body.search, categories: (body.categoryIds ?? []).compactMap(APIRequest.idText),
                    sentiment: body.sentiment, sequences: sequences.ids, emailAccounts: mailboxes.ids, clients: clients.ids,
                    start: try date(body.startDate, "startDate"), end: try date(body.endDate, "endDate"), isRead: body.isRead, type: body.type,
                    includeArchived: body.includeArchived ?? false),
                in: request.account)
            return try request.respond(
                with: InboxAPI.ThreadPage(
                    emails: shown.items.map { wire(request, $0) },
                    meta: PageMeta(totalItems: shown.totalItems, currentPage: page.number, itemsPerPage: page.size, itemCount: shown.items.count)))
        }
        router.add(InboxAPI.thread) { request in
            let conversation = try await inbox.conversation(try threadID(request), in: request.account)
            let thread = conversation.thread
            let sequenceEmails = conversation.sequenceEmails.map { sent in
                (sent.sentAt ?? sent.createdAt,
                 InboxAPI.Email(
                    id: request.encode(sent.id), emailThreadId: request.encode(thread.id), direction: "sequence", messageId: sent.messageID, from: nil,
                    to: [], cc: [], subject: nil, snippet: nil, occurredAt: ISO8601Parsing.string(from: sent.sentAt ?? sent.createdAt),
                    classification: nil, stepId: request.encode(sent.stepID), content: nil))
            }
            let messages = conversation.messages.map { ($0.occurredAt, wire(request, $0, withContent: false)) }
            let emails = (sequenceEmails + messages).sorted { $0.0 < $1.0 }.map(\.1)
            return try request.respond(
                with: InboxAPI.Conversation(
                    thread: wire(request, thread, latest: nil, messageCount: conversation.messages.count, prospectEmail: nil, sequenceTitle: nil,
                                 mailboxAddress: nil),
                    emails: emails))
        }
        router.add(InboxAPI.email) { request in
            let message = try await inbox.message(
                try request.parameterID("emailId", as: InboxMessage.self, notFound: InboxService.messageNotFound), of: try threadID(request),
                in: request.account)
            return try request.respond(with: wire(request, message, withContent: true))
        }
        router.add(InboxAPI.reply) { request in
            let body = try request.decodeBody(InboxAPI.ReplyRequest.self)
            guard let thread = request.id(body.emailThreadId, as: InboxThread.self) else { throw InboxService.threadNotFound }
            guard let answering = request.id(body.emailId, as: InboxMessage.self) else {
                throw ReachError.invalidInput("emailId is not an email of this thread", field: "emailId", code: 1001)
            }
            let sent = try await inbox.reply(
                InboxService.Reply(
                    thread: thread, answering: answering, content: body.content, to: body.to, cc: body.cc ?? [], bcc: body.bcc ?? [],
                    attachmentCount: body.attachmentIds?.count ?? 0),
                in: request.account)
            return try request.respond(with: wire(request, sent, withContent: true))
        }
        router.add(InboxAPI.unreadCount) { request in
            try request.respond(with: InboxAPI.UnreadCount(count: try await inbox.unreadThreadCount(in: request.account)))
        }
        router.add(InboxAPI.outcomes) { request in
            let custom = request.parameter("category") == "custom"
            let page = PageRequest(
                number: request.parameters["page"]?.integerValue.map(Int.init), size: request.parameters["pageSize"]?.integerValue.map(Int.init),
                defaultSize: 25, maximumSize: 100)
            let found = try await inbox.outcomes(custom: custom, page: page, in: request.account)
            return try request.respond(
                with: InboxAPI.OutcomePage(
                    outcomes: found.items.map { InboxAPI.Outcome(name: $0, isDefault: !custom) },
                    meta: PageMeta(totalItems: found.totalItems, currentPage: page.number, itemsPerPage: page.size, itemCount: found.items.count)))
        }
        router.add(InboxAPI.categories) { request in
            try request.respond(with: UniboxCategory.defaults.map(Self.wire))
        }
        router.add(InboxAPI.updateThread) { request in
            let body = try request.decodeBody(InboxAPI.UpdateThreadRequest.self)
            let thread = try await inbox.update(
                try threadID(request), isRead: body.isRead, isArchived: body.isArchived, category: APIRequest.idText(body.category), in: request.account)
            return try request.respond(
                with: wire(request, thread, latest: nil, messageCount: nil, prospectEmail: nil, sequenceTitle: nil, mailboxAddress: nil))
        }
        router.add(InboxAPI.classify) { request in
            let body = try request.decodeBody(InboxAPI.ClassifyRequest.self)
            guard let kind = MailClassification.Kind(rawValue: body.type) else {
                throw ReachError.invalidInput("type must be one of \(InboxAPI.kinds.joined(separator: ", "))", field: "type", code: 1001)
            }
            let thread = try threadID(request)
            let id = try request.parameterID("emailId", as: InboxMessage.self, notFound: InboxService.messageNotFound)
            _ = try await inbox.message(id, of: thread, in: request.account)
            let message = try await inbox.reclassify(id, as: kind, in: request.account)
            return try request.respond(with: wire(request, message, withContent: false))
        }
    }

    func threadID(_ request: APIRequest) throws -> InboxThreadID {
        try request.parameterID("emailThreadId", as: InboxThread.self, notFound: InboxService.threadNotFound)
    }

    static func wire(_ category: UniboxCategory) -> InboxAPI.Category {
        InboxAPI.Category(id: category.id, key: category.key, name: category.name, isDefault: true, sentiment: category.sentiment.rawValue)
    }

    func wire(_ request: APIRequest, _ summary: InboxThreadSummary) -> InboxAPI.Thread {
        wire(
            request, summary.thread, latest: summary.latest, messageCount: summary.messageCount, prospectEmail: summary.prospectEmail,
            sequenceTitle: summary.sequenceTitle, mailboxAddress: summary.mailboxAddress)
    }

    func wire(
        _ request: APIRequest, _ thread: InboxThread, latest: InboxMessage?, messageCount: Int?, prospectEmail: String?, sequenceTitle: String?,
        mailboxAddress: String?
    ) -> InboxAPI.Thread {
        let category = UniboxCategory.find(thread.category) ?? UniboxCategory.defaults[0]
        return InboxAPI.Thread(
            id: request.encode(thread.id), subject: thread.subject, type: thread.isSystem ? "system" : "external", category: Self.wire(category),
            isRead: thread.isRead, isArchived: thread.isArchived, reviewReason: thread.reviewReason,
            lastMessageAt: ISO8601Parsing.string(from: thread.lastMessageAt), messageCount: messageCount,
            prospect: thread.prospectID.map { InboxAPI.Reference(id: request.encode($0), email: prospectEmail) },
            sequence: thread.sequenceID.map { InboxAPI.Reference(id: request.encode($0), title: sequenceTitle) },
            emailAccount: InboxAPI.Reference(id: request.encode(thread.emailAccountID), email: mailboxAddress),
            latestEmail: latest.map { wire(request, $0, withContent: false) })
    }

    func wire(_ request: APIRequest, _ message: InboxMessage, withContent: Bool) -> InboxAPI.Email {
        let classification = message.classification.map { found in
            InboxAPI.Classification(
                type: found.kind.rawValue, rule: found.rule, decidedBy: (message.classifiedBy ?? .rules).rawValue,
                returnDate: found.returnDate.map(ISO8601Parsing.string(from:)),
                bounce: found.kind == .bounce
                    ? InboxAPI.Bounce(severity: found.bounceSeverity?.rawValue, status: found.bounceStatus, address: found.bouncedAddress) : nil)
        }
        return InboxAPI.Email(
            id: request.encode(message.id), emailThreadId: request.encode(message.threadID), direction: message.direction.rawValue,
            messageId: message.messageID, from: InboxAPI.Person(email: message.from, name: message.fromName), to: message.to, cc: message.cc,
            subject: message.subject, snippet: String(message.newText.prefix(200)), occurredAt: ISO8601Parsing.string(from: message.occurredAt),
            classification: classification, stepId: nil,
            content: withContent ? InboxAPI.Content(html: message.html, text: message.text, newText: message.newText) : nil)
    }
}
