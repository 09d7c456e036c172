import Foundation
import ReachAPI
import ReachCore
import ReachJSON

struct AnalyticsRoutes {
    let analytics: AnalyticsService

    func register(on router: inout APIRouter) {
        router.add(AnalyticsAPI.stats) { request in
            let body = try request.decodeBody(AnalyticsAPI.StatsRequest.self)
            guard let id = request.id(body.sequenceId, as: EmailSequence.self) else {
                throw ReachError.invalidInput("Sequence not found", field: "sequenceId", code: 4000)
            }
            return try request.respond(with: Self.wire(try await analytics.sequenceStats(id, in: try request.account), request))
        }
        router.add(AnalyticsAPI.consolidated) { request in
            let body = try request.decodeBody(AnalyticsAPI.ConsolidatedRequest.self)
            let ids = request.ids(body.sequenceIds, as: EmailSequence.self)
            let page = try await analytics.sentEmails(
                in: try request.account, sequences: ids.ids, undecodable: ids.undecodable, startDate: body.startDate, endDate: body.endDate,
                page: body.pageNum, pageLimit: body.pageLimit)
            let meta = PageMeta(totalItems: page.totalItems, currentPage: page.request.number, itemsPerPage: page.request.size, itemCount: page.items.count)
            let rows = page.items.map { Self.wire($0, request) }
            let metaObject: JSONValue = [
                "totalItems": .integer(Int64(meta.totalItems)), "currentPage": .integer(Int64(meta.currentPage)),
                "itemsPerPage": .integer(Int64(meta.itemsPerPage)), "totalPages": .integer(Int64(meta.totalPages)), "itemCount": .integer(Int64(meta.itemCount)),
            ]
            return try request.respond(with: JSONValue.object(["data": .array(rows), "meta": metaObject]))
        }
        router.add(AnalyticsAPI.export) { request in
            let body = try request.decodeBody(AnalyticsAPI.ExportRequest.self)
            let ids = request.ids(body.sequenceIds ?? [], as: EmailSequence.self)
            let csv = try await analytics.sentEmailsExport(
                in: try request.account, sequences: ids.ids, undecodable: ids.undecodable, startDate: body.startDate, endDate: body.endDate)
            return .file(Array(csv.utf8), contentType: "text/csv; charset=utf-8", fileName: "email-sent-details-\(body.startDate)-\(body.endDate).csv")
        }
        router.add(AnalyticsAPI.mailbox) { request in
            let body = try request.decodeBody(AnalyticsAPI.MailboxStatsRequest.self)
            guard let id = request.id(body.emailId, as: EmailAccount.self) else {
                throw ReachError.invalidInput("Email account not found", field: "emailId", code: 4000)
            }
            return try request.respond(with: Self.wire(try await analytics.mailboxStats(id, in: try request.account), request))
        }
        router.add(AnalyticsAPI.team) { request in
            let body = try request.decodeBody(AnalyticsAPI.TeamRequest.self)
            let users = request.ids(body.userIds, as: User.self)
            guard users.undecodable == 0 else { throw ReachError.invalidInput("userIds: a user was not found", field: "userIds", code: 1001) }
            let stats = try await analytics.teamStats(
                in: try request.account, users: users.ids, startDate: body.startDate, endDate: body.endDate,
                countBy: AnalyticsService.TeamCount(rawValue: body.countBy) ?? .absolute, type: AnalyticsService.TeamType(rawValue: body.type) ?? .prospect)
            var rows = stats.map { Self.wire($0, request) }
            let key = body.orderBy
            let ascending = body.sortOrder == "asc"
            rows.sort { a, b in
                let left = a[key]?.integerValue ?? 0
                let right = b[key]?.integerValue ?? 0
                return left == right ? (a["email"]?.stringValue ?? "") < (b["email"]?.stringValue ?? "") : (ascending ? left < right : left > right)
            }
            // PageRequest bounds the page number, so no offset can overflow.
            let page = PageRequest(number: body.page, size: body.limit, defaultSize: 25, maximumSize: 1000)
            let pageRows = Array(rows.dropFirst((page.number - 1) * page.size).prefix(page.size))
            let meta = PageMeta(totalItems: rows.count, currentPage: page.number, itemsPerPage: page.size, itemCount: pageRows.count)
            return try request.respond(with: pageRows, meta: meta)
        }
    }

    static func count(_ value: Int) -> JSONValue { .string(String(value)) }

    static func money(_ value: Double?) -> JSONValue {
        let amount = value ?? 0
        return .string(amount.rounded() == amount ? String(Int64(amount)) : String(format: "%.2f", amount))
    }

    static func client(_ client: Client?, _ request: APIRequest) -> JSONValue {
        guard let client else { return .null }
        return .object([
            "id": .string(request.encode(client.id)), "firstName": .string(client.firstName), "lastName": .string(client.lastName),
            "email": .string(client.email), "status": "active", "companyName": .string(client.companyName),
        ])
    }

    static func emails(_ counts: EmailCounts) -> [String: JSONValue] {
        [
            "total": count(counts.total), "sent": count(counts.sent), "delivered": count(counts.delivered), "opened": count(counts.opened),
            "clicked": count(counts.clicked), "replied": count(counts.replied), "bounced": count(counts.bounced), "failed": count(counts.failed),
        ]
    }

    static func wire(_ stats: SequenceStats, _ request: APIRequest) -> JSONValue {
        let p = stats.prospects
        var prospects: [String: JSONValue] = [
            "total": count(p.total), "open": count(p.opened), "replied": count(p.replied), "clicked": count(p.clicked),
            "unsubscribed": count(p.unsubscribed), "bounced": count(p.bounced), "contacted": count(p.contacted),
            "notContacted": count(p.total - p.contacted), "sentNoOpen": count(p.sentNoOpen), "openedNoReply": count(p.openedNoReply),
            "openedNoClicked": count(p.openedNoClick), "clickedNoReply": count(p.clickedNoReply),
            "interestedDealValue": money(p.dealValues["interested"]), "meetingBookedDealValue": money(p.dealValues["meeting_booked"]),
            "closedDealValue": money(p.dealValues["closed"]),
        ]
        for (key, category) in AnalyticsAPI.outcomeKeys { prospects[key] = count(p.outcomes[category] ?? 0) }
        let e = stats.emails
        let steps: [JSONValue] = stats.steps.map { step in
            var object = emails(step.emails)
            object["stepId"] = .string(request.encode(step.stepID))
            object["stepNumber"] = count(step.stepNumber)
            object["variants"] = .array(step.variants.map { variant in
                var row = emails(variant.emails)
                row["variantId"] = .string(request.encode(variant.variantID))
                row["variant"] = .string(String(UnicodeScalar(UInt8(65 + variant.letterIndex))))
                return .object(row)
            })
            return .object(object)
        }
        return .object([
            "prospects": .array([.object(prospects)]),
            "emails": .object([
                "total": count(e.total),
                "status": .object([
                    "scheduled": count(e.scheduled), "delivered": count(e.delivered), "opened": count(e.opened), "clicked": count(e.clicked),
                    "replied": count(e.replied), "bounced": count(e.bounced), "failed": count(e.failed),
                ]),
            ]),
            "sequenceId": .string(request.encode(stats.sequence.id)), "sequenceName": .string(stats.sequence.title),
            "client": client(stats.client, request), "steps": .array(steps),
        ])
    }

    static func wire(_ row: SentEmailReport, _ request: APIRequest) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for (key, value) in zip(SentEmailReport.columns, row.values(codec: request.codec)) { object[key] = .string(value) }
        object["Client"] = client(row.client, request)
        return .object(object)
    }

    static func wire(_ stats: MailboxStats, _ request: APIRequest) -> JSONValue {
        let p = stats.prospects
        let e = stats.emails
        var sentiments: [UniboxCategory.Sentiment: Int] = [:]
        for (key, number) in p.outcomes {
            if let category = UniboxCategory.find(key) { sentiments[category.sentiment, default: 0] += number }
        }
        let bounceRate = e.total == 0 ? 0 : Double(e.bounced) * 100 / Double(e.total)
        let address = stats.mailbox.sender.email.address
        let row: [String: JSONValue] = [
            "Email Address": .string(address), "Name": .string(stats.mailbox.sender.fromName), "ESP": .string(stats.mailbox.provider.rawValue),
            "Sequence Count": count(stats.sequenceCount), "Setup Score": count(stats.mailbox.healthScore), "Inbox Score": .null,
            "Total Contacted": count(p.contacted), "Total Sent": count(e.sent), "Opens": count(p.opened), "Clicked": count(p.clicked),
            "Replies": count(p.replied), "Bounce Rate": .string(String(format: "%.2f", bounceRate)), "Unsubscribed": count(p.unsubscribed),
            "Not Now": count(p.outcomes["not_now"] ?? 0), "Do Not Contact": count(p.outcomes["do_not_contact"] ?? 0),
            "Uncategorized": count(p.outcomes["uncategorized"] ?? 0), "Positive Sentiments": count(sentiments[.positive] ?? 0),
            "Negative Sentiments": count(sentiments[.negative] ?? 0), "Neutral Sentiments": count(sentiments[.neutral] ?? 0),
            "Interested": count(p.outcomes["interested"] ?? 0), "Meeting Booked": count(p.outcomes["meeting_booked"] ?? 0),
            "Out of Office": count(p.outcomes["out_of_office"] ?? 0), "Not Interested": count(p.outcomes["not_interested"] ?? 0),
            "Tags": .array([]), "Owner": .string(stats.owner),
        ]
        return .object([
            "Email Analytics": .array([.object(row)]), "EmailAccountId": .string(request.encode(stats.mailbox.id)), "Email Address": .string(address),
            "client": client(stats.client, request),
        ])
    }

    static func wire(_ stats: UserStats, _ request: APIRequest) -> JSONValue {
        var row: [String: JSONValue] = [
            "userId": .string(request.encode(stats.userID)), "name": .string(stats.name), "email": .string(stats.email),
            "prospectAdded": .integer(Int64(stats.prospectsAdded)), "prospectContacted": .integer(Int64(stats.prospectsContacted)),
            "emailSent": .integer(Int64(stats.emailsSent)), "opened": .integer(Int64(stats.opened)), "clicked": .integer(Int64(stats.clicked)),
            "replied": .integer(Int64(stats.replied)), "unSubscribed": .integer(Int64(stats.unsubscribed)), "bounced": .integer(Int64(stats.bounced)),
        ]
        for category in UniboxCategory.defaults { row[category.name] = .integer(Int64(stats.outcomes[category.key] ?? 0)) }
        return .object(row)
    }
}
