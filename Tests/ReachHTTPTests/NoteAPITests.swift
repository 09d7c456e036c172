import Foundation
import HTTPTypes
import Hummingbird
import ReachJSON
import ReachTestSupport
import Testing

@Suite struct NoteAPITests {
    static let pdf = Array("%PDF-1.4\n% a tiny document\n".utf8)

    func upload(_ api: TestAPI, key: String, path: String = "/v1/notes/attachments", fileName: String, bytes: [UInt8]) async throws -> TestHTTPResponse {
        let boundary = "reach-test-boundary"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
        body += bytes
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try await api.request(
            .post, path, key: key, body: ByteBuffer(bytes: body), headers: [.contentType: "multipart/form-data; boundary=\(boundary)"])
    }

    @Test(arguments: TestBackend.available)
    func uploadsAttachmentsAndChecksTheirType(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let uploaded = try await upload(api, key: account.key, fileName: "../../etc/Proposal.pdf", bytes: Self.pdf)
            #expect(uploaded.status == 201)
            #expect(uploaded.payload["fileName"] == "Proposal.pdf")
            #expect(uploaded.payload["contentType"] == "application/pdf")
            #expect(uploaded.payload["size"] == .integer(Int64(Self.pdf.count)))
            let id = try #require(uploaded.payload["id"]?.stringValue)
            let downloaded = try await api.request(.get, "/v1/attachments/\(id)", key: account.key)
            #expect(Array(downloaded.text.utf8) == Self.pdf)
            #expect(downloaded.header("Content-Type") == "application/pdf")

            let renamed = try await upload(api, key: account.key, fileName: "invoice.pdf", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x02])
            #expect(renamed.status == 400)
            #expect(renamed.json["code"] == 4001)
            let exe = try await upload(api, key: account.key, fileName: "setup.exe", bytes: [0x4D, 0x5A])
            #expect(exe.json["code"] == 4001)
            let csv = try await upload(api, key: account.key, path: "/v1/attachments", fileName: "list.csv", bytes: Array("a,b\n1,2\n".utf8))
            #expect(csv.status == 201)
            let notMultipart = try await api.request(.post, "/v1/notes/attachments", key: account.key, json: "{}")
            #expect(notMultipart.status == 400)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusesAFileOverTwentyMegabytes(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            let big = Self.pdf + [UInt8](repeating: 0x20, count: 20 * 1024 * 1024)
            let response = try await upload(api, key: account.key, fileName: "big.pdf", bytes: big)
            #expect(response.status == 413)
            #expect(response.json["code"] == 4002)
            #expect(response.json["message"] == "File exceeds the 20 MB upload limit")
        }
    }

    @Test(arguments: TestBackend.available)
    func notesBelongToProspectsAndPrivateOnesToTheirAuthor(backend: TestBackend) async throws {
        try await TestAPI.with(backend) { api in
            let account = try await api.createAccount()
            _ = try await api.services.accounts.addUser(to: account.id, email: "sam@acme.test", role: .member)
            let samKey = try await api.services.apiKeys.issueKey(forUserEmail: "sam@acme.test").secret
            let prospect = try #require(try await api.send(.post, "/v1/prospects", key: account.key, ["attributes": ["Email": "p@x.io"]]).payload["id"])
            let attachment = try #require(try await upload(api, key: account.key, fileName: "a.pdf", bytes: Self.pdf).payload["id"])

            let shared = try await api.send(
                .post, "/v1/notes", key: account.key,
                ["content": "Called, wants a demo", "prospectIds": [prospect], "visibility": "1", "attachmentIds": [attachment]])
            #expect(shared.status == 201)
            #expect(shared.payload["visibility"] == "1")
            #expect(shared.payload["status"] == "1")
            #expect(shared.payload["attachments"]?.arrayValue?.count == 1)
            let privateNote = try await api.send(.post, "/v1/notes", key: account.key, ["content": "Budget is tight", "prospectIds": [prospect], "visibility": 2])
            let privateID = try #require(privateNote.payload["id"]?.stringValue)

            let path = "/v1/prospects/\(prospect.stringValue!)/notes"
            #expect(try await api.request(.get, path, key: account.key).payload.arrayValue?.count == 2)
            #expect(try await api.request(.get, path, key: samKey).payload.arrayValue?.map { $0["content"] } == ["Called, wants a demo"])
            #expect(try await api.request(.get, path + "?skip=1&take=1", key: account.key).payload.arrayValue?.count == 1)

            let denied = try await api.send(.patch, "/v1/notes/\(privateID)", key: samKey, ["content": "x"])
            #expect(denied.status == 400)
            #expect(denied.json["message"] == "Note not found or access denied")
            let archived = try await api.send(.patch, "/v1/notes/\(privateID)", key: account.key, ["status": "0", "content": "Budget approved"])
            #expect(archived.payload["status"] == "0")
            #expect(archived.payload["content"] == "Budget approved")

            let badProspect = try await api.send(.post, "/v1/notes", key: account.key, ["content": "x", "prospectIds": ["AAAAAAAAAAA"], "visibility": "1"])
            #expect(badProspect.json["message"] == "Invalid prospect Id")
        }
    }
}
