import Foundation

/// Finds the hosts that receive a domain's mail (RFC 5321 §5.1). ReachEngine implements it over DNS.
public protocol MailExchangerLookup: Sendable {
    func exchangers(of domain: String) async -> MailExchangers
}

/// Where a domain's mail goes, or why it goes nowhere.
public enum MailExchangers: Sendable, Equatable {
    /// MX hosts by preference, or the domain itself when it has an address but no MX (the implicit MX).
    case hosts([String])
    /// The domain says it takes no mail: a null MX (RFC 7505).
    case nullMX
    /// The domain exists but has neither MX nor address records.
    case noMailHost
    case nonexistentDomain
    /// DNS did not answer (a timeout, a server failure): nothing is known.
    case lookupFailed(String)
}

/// Asks a mail exchanger whether it would take mail for some addresses, without sending any:
/// MAIL FROM, one RCPT TO per address, then RSET and QUIT. ReachEngine implements it over SMTP.
public protocol RecipientProbe: Sendable {
    func probe(host: String, addresses: [String]) async -> RecipientProbeResult
}

/// What one exchanger answered: one answer per address asked about, in order, or why there were none.
public enum RecipientProbeResult: Sendable, Equatable {
    case answered([RecipientAnswer])
    /// No answer about any address: the host could not be reached, did not answer in time,
    /// refused the session or the probe's sender. `retryable` when asking later may help.
    case failed(String, retryable: Bool)
}

/// What a server said of one address, in the probe's terms (the adapter reads the SMTP codes).
public enum RecipientAnswer: Sendable, Equatable {
    case accepted
    /// The server says the mailbox does not exist or is disabled (a 5.1.x or 5.2.1 reply, or a
    /// bare 550/551/553), with its reply.
    case noSuchMailbox(String)
    /// A permanent refusal that says nothing about the mailbox: a policy block of the probe, a
    /// blocklisted address, a feature the server lacks (5.7.x, 554...), with the reply or reason.
    case refused(String)
    /// A temporary refusal (4xx: greylisting, a full mailbox, a busy server), with the reply.
    case deferred(String)
}
