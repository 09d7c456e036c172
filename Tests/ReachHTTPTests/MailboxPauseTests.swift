import Foundation
import Logging
import ReachCore
import ReachJSON
import ReachTestSupport
import SQLKit
import Testing

/// A mailbox whose own server keeps failing is paused, and its user told, rather than tried
/// every five minutes forever; a busy recipient does not count against the mailbox.
@Suite(.enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct MailboxPauseTests {
    static let logger = Logger(label: "reach.tests.pause")

    @Test(arguments: TestBackend.available)
    func aMailboxWhoseServerKeepsFailingIsPausedUntilResumed(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let campaign = try await OneMailboxCampaign.start(api, prospects: ["jo-\(tag)@one.test"])
            // The mailbox's SMTP server goes away: a port nobody listens on any more.
            let dead = try await WebhookReceiver.with { $0.port }
            let working = try await api.database.read { db in
                try await db.raw("SELECT smtp_port FROM email_accounts").first(decodingColumn: "smtp_port", as: Int.self)
            }
            func setPort(_ port: Int?) async throws {
                try await api.database.write { db in try await db.raw("UPDATE email_accounts SET smtp_port = \(bind: port)").run() }
            }
            try await setPort(dead)
            func status() async throws -> JSONValue? {
                try await api.request(.get, "/v1/email-accounts/\(campaign.mailbox)", key: campaign.key).payload["status"]
            }
            var passes = 0
            while try await status() == 1, passes < 15 {
                _ = try await api.services.sending.runPass(logger: Self.logger)
                api.clock.advance(by: 301)
                passes += 1
            }
            #expect(passes == 10, "ten failures in a row, five minutes apart")
            #expect(try await status() == 2)
            try await api.eventsSettled()
            let events = try await api.request(.get, "/v1/events?type=email-account-paused", key: campaign.key).payload["events"]?.arrayValue
            #expect(events?.count == 1)
            #expect(events?.first?["emailAccountId"] == .string(campaign.mailbox))
            #expect(events?.first?["detail"]?.stringValue?.hasPrefix("10 failures in a row") == true)
            let sent = try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM outbound_messages").first(decodingColumn: "n", as: Int.self)
            }
            #expect(sent == 0, "nothing was delivered, so nothing is recorded as sent")

            // Its server back, the user resumes it (Reach checks the servers first); it starts a new
            // run of failures: one more does not pause it again.
            try await setPort(working)
            let resumed = try await api.request(.post, "/v1/email-accounts/\(campaign.mailbox)/resume", key: campaign.key)
            #expect(resumed.status == 200, "\(resumed.text)")
            #expect(try await status() == 1)
            try await setPort(dead)
            api.clock.advance(by: 301)
            _ = try await api.services.sending.runPass(logger: Self.logger)
            #expect(try await status() == 1)
            #expect(try await api.database.read { db in
                try await db.raw("SELECT send_failures FROM email_accounts").first(decodingColumn: "send_failures", as: Int.self)
            } == 1, "the failure happened and counted from zero")
        }
    }

    /// Why a mailbox's stored password cannot send.
    enum UnusablePassword: String, CaseIterable, Sendable, CustomStringConvertible {
        /// The password was changed at the provider: the SMTP server refuses it.
        case refusedByTheServer
        /// A database restored without its key file: Reach cannot read what it stored, and must
        /// not leave the claimed message `sending`, later taken for one that may have arrived.
        case sealedUnderAnotherKey

        var description: String { rawValue }

        func sealed() throws -> String {
            switch self {
            case .refusedByTheServer: try SecretBox(secret: Array(repeating: 7, count: 32)).seal("not-the-password")
            case .sealedUnderAnotherKey: try SecretBox(secret: Array(repeating: 9, count: 32)).seal("senderpw")
            }
        }

        /// What the disconnection event says.
        var detail: String {
            switch self {
            case .refusedByTheServer: "SMTP login failed"
            case .sealedUnderAnotherKey: "cannot be decrypted"
            }
        }
    }

    @Test(arguments: TestBackend.available, UnusablePassword.allCases)
    func anUnusablePasswordDisconnectsTheMailboxAndSaysSo(backend: TestBackend, password: UnusablePassword) async throws {
        try await TestAPI.with(backend) { api in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let campaign = try await OneMailboxCampaign.start(api, prospects: ["jo-\(tag)@one.test"])
            let sealed = try password.sealed()
            try await api.database.write { db in try await db.raw("UPDATE email_accounts SET smtp_password = \(bind: sealed)").run() }
            _ = try await api.services.sending.runPass(logger: Self.logger)
            let mailbox = try await api.request(.get, "/v1/email-accounts/\(campaign.mailbox)", key: campaign.key).payload
            #expect(mailbox["status"] == 0, "\(mailbox)")
            try await api.eventsSettled()
            let events = try await api.request(.get, "/v1/events?type=email-account-disconnected", key: campaign.key).payload["events"]?.arrayValue
            #expect(events?.map { $0["emailAccountId"] } == [.string(campaign.mailbox)])
            #expect(events?.first?["detail"]?.stringValue?.contains(password.detail) == true, "\(events ?? [])")
            #expect(try await api.database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM outbound_messages").first(decodingColumn: "n", as: Int.self)
            } == 0, "nothing was handed over")
        }
    }
}
