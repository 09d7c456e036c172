import Logging
import ReachCore
import ReachMail

/// Asks a domain's mail exchanger about recipients over SMTP, the way one MTA talks to another:
/// STARTTLS when the server offers it (verified against the same roots as every mail
/// connection), in the clear when it does not, and again in the clear on a second connection
/// when its certificate cannot be verified, since the probe carries nothing but the addresses.
/// Nothing is ever sent.
public struct SMTPRecipientProbe: RecipientProbe {
    let connections: MailConnections
    let port: Int
    /// The probe's MAIL FROM; empty is the null sender `<>`.
    let sender: String

    static let timeouts = SMTPTimeouts(connect: .seconds(10), command: .seconds(30), dataEnd: .seconds(30))

    public init(connections: MailConnections, port: Int = 25, sender: String = "") {
        self.connections = connections
        self.port = port
        self.sender = sender
    }

    public func probe(host: String, addresses: [String]) async -> RecipientProbeResult {
        // The exchanger's address comes from Reach's resolver, like its MX record.
        let address: String
        do {
            guard let first = try await connections.resolver.addresses(host).records.first else {
                return .failed("\(host) has no address record", retryable: false)
            }
            address = first
        } catch {
            return .failed("the DNS look-up of \(host) failed: \(error)", retryable: true)
        }
        do {
            return .answered(try await ask(host: host, at: address, addresses: addresses, security: .startTLSWhenOffered))
        } catch let error as SMTPError where error.stage == .startTLS || error.stage == .tls {
            // A certificate that cannot be verified: the same questions in the clear.
            do {
                return .answered(try await ask(host: host, at: address, addresses: addresses, security: .none))
            } catch {
                return Self.failure(error)
            }
        } catch {
            return Self.failure(error)
        }
    }

    func ask(host: String, at address: String, addresses: [String], security: MailSecurity) async throws -> [RecipientAnswer] {
        let client = SMTPClient(tls: connections.tls, timeouts: Self.timeouts, logger: connections.logger)
        let server = SMTPServer(host: host, port: port, security: security, credentials: nil, clientName: connections.clientName, address: address)
        let asked = addresses.map(Self.asciiDomain)
        return try await client.withSession(to: server) { session in
            // A non-ASCII local part needs SMTPUTF8; without it only that address goes unasked.
            let utf8 = session.capabilities.supports("SMTPUTF8")
            let askable = asked.filter { utf8 || $0.utf8.allSatisfy { $0 < 0x80 } }
            var replies = try await session.askRecipients(from: sender, askable).makeIterator()
            return asked.map { recipient in
                guard askable.contains(recipient) else { return .refused("the server does not offer SMTPUTF8, needed for \(recipient)") }
                return replies.next().map(Self.answer) ?? .refused("no answer")
            }
        }
    }

    /// What an RCPT reply says of the mailbox. Only an addressing failure (RFC 3463 X.1.x other
    /// than the sender's, or X.2.1 mailbox disabled) proves it does not exist; a policy refusal
    /// (X.7.x, a blocklisted probe) says nothing about it. Without an enhanced code, 550, 551
    /// and 553 are read as "no such user" unless the text speaks of a block.
    static func answer(_ reply: SMTPReply) -> RecipientAnswer {
        if reply.isPositive { return .accepted }
        if reply.isTransient { return .deferred("\(reply)") }
        if let enhanced = reply.enhancedCode {
            let parts = enhanced.split(separator: ".").map { Int($0) ?? 0 }
            let addressing = parts[1] == 1 && ![7, 8].contains(parts[2])
            return addressing || (parts[1] == 2 && parts[2] == 1) ? .noSuchMailbox("\(reply)") : .refused("\(reply)")
        }
        let text = reply.text.lowercased()
        let policy = ["block", "spam", "policy", "listed", "denied", "reputation", "not allowed", "relay"].contains { text.contains($0) }
        return [550, 551, 553].contains(reply.code) && !policy ? .noSuchMailbox("\(reply)") : .refused("\(reply)")
    }

    static func failure(_ error: any Error) -> RecipientProbeResult {
        if let error = error as? SMTPError, error.stage == .sender, case .rejected(let reply) = error.kind {
            return .failed("the server refused the probe's sender: \(reply)", retryable: reply.isTransient)
        }
        return .failed("\(error)", retryable: true)
    }

    /// An internationalised domain in its punycode form, so that only a non-ASCII local part
    /// needs the server's SMTPUTF8.
    static func asciiDomain(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        let domain = String(address[address.index(after: at)...])
        return String(address[...at]) + (IDNA.asciiDomain(domain) ?? domain)
    }
}
