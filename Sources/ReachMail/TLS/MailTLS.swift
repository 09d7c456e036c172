import NIOSSL

/// How mail connections verify servers: always against the system's roots, plus the PEM bundle
/// an operator adds (`REACH_MAIL_CA_FILE`) for private mail servers and the test servers'
/// self-signed certificates. There is no switch that accepts any certificate.
public struct MailTLS: Sendable {
    let additionalRoots: [NIOSSLCertificate]

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
        try NIOSSLContext(configuration: clientConfiguration)
    }
}
