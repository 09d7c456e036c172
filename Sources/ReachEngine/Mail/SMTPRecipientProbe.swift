import Logging
import ReachCore
import ReachMail

/// Asks a domain's mail exchanger about recipients over SMTP, the way one MTA talks to another:
/// STARTTLS when the server offers it (verified against the same roots as every mail
/// connection), in the clear when it does not or when its certificate cannot be verified, since
/// the probe carries nothing but the addresses. Nothing is ever sent.
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
                return .failed("\(host) has no address record")
            }
            address = first
        } catch {
            return .failed("the DNS look-up of \(host) failed: \(error)")
        }
        do {
            return .answered(try await ask(host: host, at: address, addresses: addresses, security: .startTLS))
        } catch let error as SMTPError where error.stage == .startTLS || error.stage == .tls {
            do {
                return .answered(try await ask(host: host, at: address, addresses: addresses, security: .none))
            } catch {
                return .failed(Self.describe(error))
            }
        } catch {
            return .failed(Self.describe(error))
        }
    }

    func ask(host: String, at address: String, addresses: [String], security: MailSecurity) async throws -> [RecipientAnswer] {
        let client = SMTPClient(tls: connections.tls, timeouts: Self.timeouts, logger: connections.logger)
        let server = SMTPServer(host: host, port: port, security: security, credentials: nil, clientName: connections.clientName, address: address)
        let asked = addresses.map(Self.asciiDomain)
        let replies = try await client.withSession(to: server) { session in try await session.askRecipients(from: sender, asked) }
        return replies.map { reply in
            if reply.isPositive { return .accepted }
            return reply.isTransient ? .deferred("\(reply)") : .rejected("\(reply)")
        }
    }

    /// An internationalised domain in its punycode form, so that only a non-ASCII local part
    /// needs the server's SMTPUTF8.
    static func asciiDomain(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address }
        let domain = String(address[address.index(after: at)...])
        return String(address[...at]) + (IDNA.asciiDomain(domain) ?? domain)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? SMTPError, error.stage == .sender, case .rejected(let reply) = error.kind {
            return "the server refused the probe's sender: \(reply)"
        }
        return "\(error)"
    }
}
