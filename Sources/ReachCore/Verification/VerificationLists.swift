import Foundation

/// The addresses verification flags without asking any server: domains that hand out throwaway
/// mailboxes, and local parts that reach a team or a machine rather than a person. Both ship
/// with Reach; an operator adds to them with one entry per line in
/// `DATA_DIR/verification/disposable-domains.txt` and `.../role-addresses.txt` (read at start).
public struct VerificationLists: Sendable {
    let disposableDomains: Set<String>
    let roleLocalParts: Set<String>

    public init(disposableDomains: Set<String>, roleLocalParts: Set<String>) {
        self.disposableDomains = disposableDomains
        self.roleLocalParts = roleLocalParts
    }

    /// The shipped lists plus the operator's files in `directory`, when present.
    public static func load(adding directory: URL?) throws -> VerificationLists {
        var disposable = shipped.disposableDomains
        var roles = shipped.roleLocalParts
        if let directory {
            disposable.formUnion(try operatorEntries(directory.appendingPathComponent("disposable-domains.txt")))
            roles.formUnion(try operatorEntries(directory.appendingPathComponent("role-addresses.txt")))
        }
        return VerificationLists(disposableDomains: disposable, roleLocalParts: roles)
    }

    public static let shipped = VerificationLists(disposableDomains: entries(shippedDisposableDomains), roleLocalParts: entries(shippedRoleLocalParts))

    /// Whether the domain, or a domain it is under, gives out disposable mailboxes.
    public func isDisposable(domain: String) -> Bool {
        var name = Substring(domain.lowercased())
        while true {
            if disposableDomains.contains(String(name)) { return true }
            guard let dot = name.firstIndex(of: ".") else { return false }
            name = name[name.index(after: dot)...]
        }
    }

    /// Whether the local part names a function (sales@, info@), ignoring a +suffix.
    public func isRole(localPart: String) -> Bool {
        let base = localPart.lowercased().split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return roleLocalParts.contains(String(base))
    }

    static func operatorEntries(_ file: URL) throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return entries(try String(contentsOf: file, encoding: .utf8))
    }

    /// Lines of a list: trimmed, lower-cased, without blanks and `#` comments.
    static func entries(_ text: String) -> Set<String> {
        Set(text.split(whereSeparator: \.isNewline).compactMap { line in
            let entry = line.trimmingWhitespace().lowercased()
            return entry.isEmpty || entry.hasPrefix("#") ? nil : entry
        })
    }

    static let shippedRoleLocalParts = """
        abuse
        accounting
        accounts
        admin
        administrator
        billing
        careers
        compliance
        contact
        customercare
        customerservice
        customer-service
        customersupport
        devnull
        dns
        do-not-reply
        donotreply
        enquiries
        enquiry
        feedback
        finance
        help
        helpdesk
        hostmaster
        hr
        info
        information
        inquiries
        inquiry
        investors
        it
        jobs
        legal
        list
        mail
        mailer-daemon
        marketing
        media
        news
        newsletter
        no-reply
        noc
        noreply
        office
        orders
        postmaster
        press
        privacy
        recruiting
        recruitment
        root
        sales
        security
        service
        support
        sysadmin
        team
        webmaster
        """
}
