import NIOConcurrencyHelpers
import NIOSSL

/// How mail connections verify servers: always against the system's roots, plus the PEM bundle
/// an operator adds (`REACH_MAIL_CA_FILE`) for private mail servers and the test servers'
/// self-signed certificates. There is no switch that accepts any certificate.
public struct MailTLS: Sendable {
    let additionalRoots: [NIOSSLCertificate]
    /// The context every connection shares, made on first use: making one reads and parses the
    /// system's whole trust store, which was a third of the CPU time of sending when each SMTP
    /// connection made its own.
    private let context = NIOLockedValueBox<NIOSSLContext?>(nil)

    public static let system = MailTLS(additionalRoots: [])

    init(additionalRoots: [NIOSSLCertificate]) {
        self.additionalRoots = additionalRoots
    }

    /// Trusts the certificates in the PEM file too.
    public init(additionalRootsFile path: String) throws {
        additionalRoots = try NIOSSLCertificate.fromPEMFile(path)
    }

    /// Full verification against the system's roots and the added ones; also what enrichment's
    /// website reader uses, so one setting trusts a test or private server for both.
    public var clientConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        configuration.minimumTLSVersion = .tlsv12
        if !additionalRoots.isEmpty { configuration.additionalTrustRoots = [.certificates(additionalRoots)] }
        return configuration
    }

    func clientContext() throws -> NIOSSLContext {
        try context.withLockedValue { context in
            if let context { return context }
            let made = try NIOSSLContext(configuration: clientConfiguration)
            context = made
            return made
        }
    }
}
