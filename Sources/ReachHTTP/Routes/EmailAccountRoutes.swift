import Foundation
import ReachAPI
import ReachCore
import ReachJSON

struct EmailAccountRoutes {
    let emailAccounts: EmailAccountService
    let linkSigner: LinkSigner
    let publicURL: String
    let clock: any WallClock

    static let reportLinkLifetime: TimeInterval = 7 * 24 * 3600

    func register(on router: inout APIRouter) {
        router.add(EmailAccountsAPI.list) { request in
            let body = try request.decodeBody(EmailAccountsAPI.ListRequest.self)
            let sequences = try Self.ids(body.sequenceIds, as: EmailSequence.self, request,
                invalid: ReachError.invalidInput("The sequence input is invalid. Please check and try again.", field: "sequenceIds", code: 40107))
            let clients = try Self.ids(body.clientIds, as: Client.self, request,
                invalid: ReachError.invalidInput("The client input is invalid. Please check and try again.", field: "clientIds", code: 40202))
            let addedByInvalid = ReachError.invalidInput("The addedBy input is invalid. Please check and try again.", field: "addedBy", code: 40203)
            let addedBy = try Self.ids(body.addedBy, as: User.self, request, invalid: addedByInvalid)
            if let addedBy, !(try await emailAccounts.unknownUsers(addedBy, in: request.account)).isEmpty { throw addedByInvalid }
            let page = try await emailAccounts.list(
                in: request.account, search: body.search, sequenceIDs: sequences, clientIDs: clients, addedBy: addedBy,
                status: body.status.flatMap(EmailAccountStatus.init), providers: body.emailServiceProvider?.compactMap(EmailServiceProvider.init),
                page: body.page, pageSize: body.pageSize, sortField: body.sortByKey.map(EmailAccountSortField.init),
                direction: body.sort.map(SortDirection.init))
            let items = page.page.items
            let details = try await emailAccounts.details(of: items, in: request.account)
            let meta = PageMeta(
                totalItems: page.page.totalItems, currentPage: page.page.request.number, itemsPerPage: page.page.request.size, itemCount: items.count)
            return try request.respond(with: EmailAccountsAPI.ListPayload(
                connectedEmailsCount: page.connectedCount, disconnectedEmailsCount: page.disconnectedCount,
                emails: items.map { Self.wire($0, details, request, now: clock.now) }, meta: meta))
        }
        router.add(EmailAccountsAPI.bulkUpdate) { request in
            let body = try request.decodeBody(EmailAccountsAPI.BulkUpdateRequest.self)
            let (ids, undecodable) = request.ids(body.emailAccountIds, as: EmailAccount.self)
            var client: ClientID??
            if let value = request.body?["clientId"] {
                if value == .null {
                    client = .some(nil)
                } else {
                    guard let id = request.id(value, as: Client.self) else {
                        throw ReachError.invalidInput("The client input is invalid. Please check and try again.", field: "clientId", code: 40202)
                    }
                    client = .some(id)
                }
            }
            let changes = EmailAccountChanges(
                senderFirstName: body.senderFirstName, senderLastName: body.senderLastName, dailyQuota: body.dailyQuota, bcc: body.bcc,
                signatureHTML: body.signatureHtml, intervalMinimum: body.sendingIntervalMin, intervalMaximum: body.sendingIntervalMax,
                rampUpInitialLimit: body.rampUpInitialSendingLimit, rampUpPercent: body.rampUpPercent, clientID: client)
            try await emailAccounts.update(ids, undecodable: undecodable, changes: changes, in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(EmailAccountsAPI.connect) { request in
            let items = try request.decodeBody([EmailAccountsAPI.BulkConnectItem].self)
            let requests = try items.enumerated().map { index, item in
                MailboxConnectionRequest(
                    provider: item.emailServiceProvider, fromName: item.fromName ?? "", firstName: item.fromFirstName, lastName: item.fromLastName ?? "",
                    smtp: .init(
                        emailAddress: item.smtpEmailAddress, userName: item.smtpUserName, password: item.smtpPassword, host: item.smtpHost,
                        port: try Self.port(item.smtpPort, field: "[\(index)].smtpPort"), encryption: item.smtpEncryption),
                    imap: .init(
                        emailAddress: item.imapEmailAddress, userName: item.imapUserName, password: item.imapPassword, host: item.imapHost,
                        port: try Self.port(item.imapPort, field: "[\(index)].imapPort"), encryption: item.imapEncryption))
            }
            let principal = try request.principal
            let job = try await emailAccounts.connectInBackground(requests, by: principal.userID, in: principal.accountID)
            return try request.respond(with: EmailAccountsAPI.JobStarted(requestId: request.encode(job.id)))
        }
        router.add(EmailAccountsAPI.reconnect) { request in
            let body = try request.decodeBody(EmailAccountsAPI.IDsRequest.self)
            let (ids, undecodable) = request.ids(body.emailAccountIds, as: EmailAccount.self)
            let principal = try request.principal
            let job = try await emailAccounts.reconnectInBackground(
                ids, undecodable: undecodable, by: principal.userID, in: principal.accountID)
            return try request.respond(with: EmailAccountsAPI.JobStarted(requestId: request.encode(job.id)))
        }
        router.add(EmailAccountsAPI.connectStatus) { request in
            let job = try await emailAccounts.job(try Self.jobID(request), in: request.account)
            let signature = linkSigner.sign(Self.reportResource(job.id), validFor: Self.reportLinkLifetime, now: clock.now)
            let reportURL = "\(publicURL)/v1/email-accounts/connect/status/\(request.encode(job.id))/report?expires=\(signature.expires)&signature=\(signature.signature)"
            return try request.respond(with: EmailAccountsAPI.JobStatus(
                isCompleted: job.isCompleted, reportURL: reportURL, totalCount: job.totalItems, processedCount: job.results.count,
                connectedCount: job.results.filter { $0.outcome == "connected" }.count, failedCount: job.results.filter { $0.outcome != "connected" }.count))
        }
        router.add(EmailAccountsAPI.connectReport) { request in
            let id = try Self.jobID(request)
            let job: MailboxJob
            if let principal = request.optionalPrincipal {
                job = try await emailAccounts.job(id, in: principal.accountID)
            } else {
                guard let expires = request.parameters["expires"]?.integerValue, let signature = request.parameter("signature"),
                    linkSigner.verify(Self.reportResource(id), expires: Int(expires), signature: signature, now: clock.now)
                else { throw ReachError.invalidToken }
                job = try await emailAccounts.job(ofSignedLinkTo: id)
            }
            return .file(
                Array(MailboxJobResult.csv(job.results).utf8), contentType: "text/csv; charset=utf-8",
                fileName: "email-accounts-\(request.encode(id))-report.csv")
        }
        router.add(EmailAccountsAPI.connectOne) { request in
            let body = try request.decodeBody(EmailAccountsAPI.ConnectRequest.self)
            let principal = try request.principal
            let connection = MailboxConnectionRequest(
                provider: body.emailServiceProvider, fromName: body.fromName, firstName: body.fromFirstName, lastName: body.fromLastName,
                smtp: try Self.server(body.payload.smtp, side: "smtp"), imap: try Self.server(body.payload.imap, side: "imap"))
            let mailbox = try await emailAccounts.connect(connection, by: principal.userID, in: principal.accountID)
            return try request.respond(with: try await wire(mailbox, request))
        }
        router.add(EmailAccountsAPI.get) { request in
            try request.respond(with: try await wire(try await emailAccounts.emailAccount(try Self.mailboxID(request), in: request.account), request))
        }
        router.add(EmailAccountsAPI.delete) { request in
            try await emailAccounts.delete(try Self.mailboxID(request), in: request.account)
            return try request.respondWithoutPayload()
        }
        router.add(EmailAccountsAPI.pause) { request in
            try request.respond(with: try await wire(try await emailAccounts.pause(try Self.mailboxID(request), in: request.account), request))
        }
        router.add(EmailAccountsAPI.resume) { request in
            try request.respond(with: try await wire(try await emailAccounts.resume(try Self.mailboxID(request), in: request.account), request))
        }
        router.add(EmailAccountsAPI.health) { request in
            let id = try Self.mailboxID(request)
            let health = try await emailAccounts.health(of: id, in: request.account)
            return try request.respond(with: EmailAccountsAPI.Health(
                emailAccountId: request.encode(id), domain: health.domain, healthScore: health.score,
                findings: health.findings.map {
                    .init(check: $0.check, verdict: $0.verdict.rawValue, detail: $0.detail, points: $0.points, weight: $0.weight)
                }))
        }
    }

    func wire(_ mailbox: EmailAccount, _ request: APIRequest) async throws -> EmailAccountsAPI.EmailAccount {
        Self.wire(mailbox, try await emailAccounts.details(of: [mailbox], in: request.account), request, now: clock.now)
    }

    static func mailboxID(_ request: APIRequest) throws -> EmailAccountID {
        try request.parameterID("emailAccountId", as: EmailAccount.self, notFound: ReachError.notFound("Email account not found", code: 40200))
    }

    static func jobID(_ request: APIRequest) throws -> MailboxJobID {
        try request.parameterID(
            "requestId", as: MailboxJob.self, notFound: ReachError.invalidInput("Email Account connect request not found", field: "requestId", code: 40000))
    }

    static func reportResource(_ id: MailboxJobID) -> String { "email-account-job-report:\(id.rawValue)" }

    /// Filter ids: all must be well-formed ids of the kind, or the filter is refused.
    static func ids<Entity: PubliclyIdentified>(
        _ values: [JSONValue]?, as entity: Entity.Type, _ request: APIRequest, invalid: ReachError
    ) throws -> [EntityID<Entity>]? {
        guard let values, !values.isEmpty else { return nil }
        let (ids, undecodable) = request.ids(values, as: entity)
        guard undecodable == 0 else { throw invalid }
        return ids
    }

    /// Ports arrive as numbers or, from some clients, numeric strings.
    static func port(_ value: JSONValue, field: String) throws -> Int {
        switch value {
        case .integer(let number) where (1...65535).contains(number): return Int(number)
        case .string(let text): if let number = Int(text.trimmingWhitespace()), (1...65535).contains(number) { return number }
        default: break
        }
        throw ReachError.invalidInput("\(field) must be a port number from 1 to 65535", field: field, code: 1001)
    }

    static func server(_ server: EmailAccountsAPI.ServerRequest, side: String) throws -> MailboxConnectionRequest.Server {
        MailboxConnectionRequest.Server(
            emailAddress: server.emailAddress, userName: server.userName, password: server.password, host: server.host,
            port: try port(server.port, field: "payload.\(side).port"), encryption: server.encryption)
    }

    static func wire(_ mailbox: EmailAccount, _ details: EmailAccountService.Details, _ request: APIRequest, now: Date) -> EmailAccountsAPI.EmailAccount {
        let id = request.encode(mailbox.id)
        let modified = ISO8601Parsing.string(from: mailbox.updatedAt)
        let limits = mailbox.limits
        var settings: [(String, String)] = [
            ("daily-sending-limit", String(limits.dailyQuota)),
            // Until the sending engine counts today's sends, the whole daily limit remains.
            ("available-quota", String(limits.dailyLimit(on: now))),
            ("min-interval", String(limits.intervalMinimum)),
            ("max-interval", String(limits.intervalMaximum)),
            ("ramp-up-status", limits.rampUp == nil ? "0" : "1"),
        ]
        if let rampUp = limits.rampUp {
            settings += [("ramp-up-initial-limit", String(rampUp.initialDailyLimit)), ("ramp-up-percent", String(rampUp.percentPerDay))]
        }
        settings += [("signature", mailbox.signatureHTML), ("bcc", mailbox.bcc.joined(separator: ","))]
        let user = details.users[mailbox.userID]
        let client = mailbox.clientID.flatMap { details.clients[$0] }
        func server(_ address: MailServerAddress) -> EmailAccountsAPI.Server {
            EmailAccountsAPI.Server(host: address.host, port: address.port, encryption: address.encryption.rawValue.uppercased(), userName: address.userName)
        }
        return EmailAccountsAPI.EmailAccount(
            id: id, userId: request.encode(mailbox.userID), fromName: mailbox.sender.fromName, fromEmail: mailbox.sender.email.address,
            fromFirstName: mailbox.sender.firstName, fromLastName: mailbox.sender.lastName, status: mailbox.status.rawValue,
            lastConnectedAt: mailbox.lastConnectedAt.map(ISO8601Parsing.string(from:)), createdAt: ISO8601Parsing.string(from: mailbox.createdAt),
            modifiedAt: modified, emailServiceProvider: mailbox.provider.rawValue, healthScore: mailbox.healthScore,
            settings: settings.map { EmailAccountsAPI.Setting(id: "\(id)-\($0.0)", emailAccountId: id, code: $0.0, value: $0.1, modifiedAt: modified) },
            user: EmailAccountsAPI.UserName(firstName: user?.firstName ?? "", lastName: user?.lastName ?? ""),
            sequences: (details.sequences[mailbox.id] ?? []).map { EmailAccountsAPI.SequenceReference(id: request.encode($0.id), title: $0.title) },
            client: client.map { SequencesAPI.ClientReference(id: request.encode($0.id), companyName: $0.companyName, firstName: $0.firstName, lastName: $0.lastName) },
            smtp: server(mailbox.smtp), imap: server(mailbox.imap),
            smtpConnection: EmailAccountsAPI.Connection(isConnected: mailbox.smtpError == nil, error: mailbox.smtpError),
            imapConnection: EmailAccountsAPI.Connection(isConnected: mailbox.imapError == nil, error: mailbox.imapError))
    }
}

extension EmailAccountSortField {
    init(_ key: EmailAccountsAPI.SortKey) {
        switch key {
        case .createdDate: self = .createdDate
        case .healthScore: self = .healthScore
        case .remainingQuota: self = .remainingQuota
        case .clientFirstName: self = .clientFirstName
        }
    }
}
