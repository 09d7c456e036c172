import Foundation
import ReachJSON
import ReachTestSupport
import Testing

/// Email verification through the API, against the loopback DNS server and mail exchanger of
/// scripts/mail-peers.sh (strict.test has only real-*@ and sales@; grey.test greylists;
/// catchall.test accepts anything), and the sending engine honouring the verdicts.
@Suite(.enabled(if: TestMail.available || TestMail.required, "mail test servers are not running (scripts/mail-peers.sh)"))
struct VerificationAPITests {
    /// §2.11's entries by email; with `wait`, polled until every prospect's address has a verdict.
    func verdicts(_ api: TestAPI, key: String, _ emails: [String], wait: Bool = true) async throws -> [String: JSONValue] {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            let answer = try await api.send(.post, "/v1/prospects/verification-status", key: key, ["emails": .array(emails.map { .string($0) })])
            try #require(answer.status == 200, "\(answer.text)")
            let entries = answer.payload.arrayValue ?? []
            if !wait || entries.allSatisfy({ $0["prospectId"] == .null || $0["verifiedAt"] != .null }) || ContinuousClock.now > deadline {
                return Dictionary(uniqueKeysWithValues: entries.map { ($0["email"]?.stringValue ?? "", $0) })
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test(arguments: TestBackend.available)
    func verifiesASequencesProspectsAndTheEngineHonoursTheVerdicts(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let (valid, missing, catchAll, greylisted) = ("real-ann@strict.test", "ghost@strict.test", "anyone@catchall.test", "someone@grey.test")
            let emails = [valid, missing, catchAll, greylisted]
            let campaign = try await OneMailboxCampaign.start(api, prospects: emails)
            let verify = "/v1/sequences/\(campaign.sequence)/verify-prospects"

            let before = try await verdicts(api, key: campaign.key, [valid, "stranger@strict.test", "not an address"], wait: false)
            #expect(before[valid]?["verificationStatus"] == "unverified")
            #expect(before[valid]?["verifiedAt"] == .null)
            #expect(before["stranger@strict.test"]?["prospectId"] == .null)
            #expect(before["not an address"]?["verificationStatus"] == .null)

            let started = try await api.send(.post, verify, key: campaign.key, [:])
            #expect(started.status == 200, "\(started.text)")
            #expect(started.json["message"] == "Prospects verification started")
            #expect(started.payload["queued"] == 4)

            let found = try await verdicts(api, key: campaign.key, emails)
            #expect(found[valid]?["verificationStatus"] == "valid")
            #expect(found[valid]?["verificationPending"] == false)
            #expect(found[missing]?["verificationStatus"] == "invalid")
            #expect(found[missing]?["verificationReasons"]?.arrayValue?.first?.stringValue?.contains("550 5.1.1") == true)
            #expect(found[catchAll]?["verificationStatus"] == "risky")
            #expect(found[catchAll]?["verificationReasons"]?.arrayValue?.first?.stringValue?.contains("catch-all") == true)
            // Greylisting decides nothing: unknown, with the server's words, and asked again later.
            #expect(found[greylisted]?["verificationStatus"] == "unknown")
            #expect(found[greylisted]?["verificationReasons"]?.arrayValue?.first?.stringValue?.contains("451 4.7.1") == true)
            #expect(found[greylisted]?["verificationPending"] == true)

            // Asked again, only the undecided address is queued.
            #expect(try await api.send(.post, verify, key: campaign.key, [:]).payload["queued"] == 1)

            // The engine writes to the valid address; the invalid one never gets mail, the risky one
            // waits while setting 6 (send to risky prospects) is off, and the greylisted one waits
            // for its verdict, which is asked again later.
            try await OneMailboxCampaign.sendAll(api, count: 1)
            #expect(Set(try await OneMailboxCampaign.sentMessages(api).keys) == [valid])
            let next = { (email: String) in
                try await api.request(.get, "/v1/sequences/\(campaign.sequence)/prospects/\(campaign.prospects[email]!)/next-step", key: campaign.key).payload
            }
            #expect(try await next(missing)["reasons"]?.arrayValue?.contains { $0["code"] == "email-invalid" } == true)
            #expect(try await next(catchAll)["reasons"]?.arrayValue?.contains { $0["code"] == "email-risky" } == true)
            #expect(try await next(greylisted)["reasons"]?.arrayValue?.contains { $0["code"] == "verification-pending" } == true)

            let allowed = try await api.send(
                .patch, "/v1/sequences/\(campaign.sequence)/settings", key: campaign.key, ["settings": [["code": 6, "value": "1"]]])
            #expect(allowed.status == 200, "\(allowed.text)")
            #expect(try await next(catchAll)["reasons"]?.arrayValue?.contains { $0["code"] == "email-risky" } != true)
            // A blocked prospect is looked at again a day later. The greylisted address is still
            // pending then: its retries stay ahead of the test clock, which only moves when told.
            api.clock.advance(by: 86_400)
            try await OneMailboxCampaign.sendAll(api, count: 1)
            #expect(Set(try await OneMailboxCampaign.sentMessages(api).keys) == [valid, catchAll])
        }
    }

    @Test(arguments: TestBackend.available)
    func anImportAsksForVerificationAndASequenceWithNothingToVerifySaysSo(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let key = try await api.createAccount().key
            let fields = try await api.request(.get, "/v1/fields?systemFields=true", key: key).payload.arrayValue ?? []
            let email = try #require(fields.first { $0["label"] == "Email" }?["id"])
            let imported = try await api.send(
                .post, "/v1/prospects/import", key: key,
                [
                    "prospectList": [["fields": [["id": email, "value": "real-bo@strict.test"]]], ["fields": [["id": email, "value": "gone@strict.test"]]]],
                    "conflictAction": "noUpdate", "verifyProspects": true,
                ])
            #expect(imported.status == 201, "\(imported.text)")
            _ = try await api.waitForImport(try #require(imported.payload["requestId"]?.stringValue), key: key)
            let found = try await verdicts(api, key: key, ["real-bo@strict.test", "gone@strict.test"])
            #expect(found["real-bo@strict.test"]?["verificationStatus"] == "valid")
            #expect(found["gone@strict.test"]?["verificationStatus"] == "invalid")
            // A verdict belongs to an address: a prospect given a new one is unverified again.
            let gone = try #require(found["gone@strict.test"]?["prospectId"]?.stringValue)
            let moved = try await api.send(.patch, "/v1/prospects/\(gone)", key: key, ["attributes": ["Email": "real-moved@strict.test"]])
            #expect(moved.payload["verificationStatus"] == "unverified", "\(moved.text)")
            let renamed = try await api.send(.patch, "/v1/prospects/\(gone)", key: key, ["attributes": ["First Name": "Gus"]])
            #expect(renamed.payload["verificationStatus"] == "unverified")
            let kept = try #require(found["real-bo@strict.test"]?["prospectId"]?.stringValue)
            #expect(try await api.send(.patch, "/v1/prospects/\(kept)", key: key, ["attributes": ["First Name": "Bo"]]).payload["verificationStatus"] == "valid")

            let empty = try #require(try await api.send(.post, "/v1/sequences", key: key, ["title": "Empty"]).payload["id"]?.stringValue)
            let nothing = try await api.send(.post, "/v1/sequences/\(empty)/verify-prospects", key: key, [:])
            #expect(nothing.status == 400)
            #expect(nothing.json["code"] == 1001, "\(nothing.text)")
            #expect(nothing.text.contains("No email addresses that can be verified"))
            #expect(try await api.send(.post, "/v1/sequences/999999/verify-prospects", key: key, [:]).status == 404)
        }
    }
}
