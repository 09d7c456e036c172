/// Who runs a domain's mail, read from its MX host names: only names that identify a service
/// are named; any other exchanger is reported as its host, never guessed at.
public enum MailProvider {
    /// Host suffixes that identify a service, most specific first.
    static let services: [(suffix: String, name: String)] = [
        ("aspmx.l.google.com", "Google Workspace"), ("googlemail.com", "Google Workspace"), ("google.com", "Google Workspace"),
        ("mail.protection.outlook.com", "Microsoft 365"), ("outlook.com", "Microsoft 365"),
        ("zoho.com", "Zoho Mail"), ("zoho.eu", "Zoho Mail"), ("zoho.in", "Zoho Mail"), ("zohomail.com", "Zoho Mail"),
        ("protonmail.ch", "Proton Mail"), ("messagingengine.com", "Fastmail"), ("yahoodns.net", "Yahoo"),
        ("awsapps.com", "Amazon WorkMail"), ("secureserver.net", "GoDaddy"), ("emailsrvr.com", "Rackspace"),
        ("icloud.com", "iCloud Mail"), ("yandex.net", "Yandex 360"), ("mx.ovh.net", "OVHcloud"), ("ionos.com", "IONOS"),
        ("mimecast.com", "Mimecast (filtering gateway)"), ("pphosted.com", "Proofpoint (filtering gateway)"),
        ("ppe-hosted.com", "Proofpoint (filtering gateway)"), ("barracudanetworks.com", "Barracuda (filtering gateway)"),
    ]

    /// The service behind the first exchanger, or nil when its host name names none.
    public static func service(of exchangers: [String]) -> String? {
        guard let first = exchangers.first?.lowercased() else { return nil }
        let host = first.hasSuffix(".") ? String(first.dropLast()) : first
        return services.first { host == $0.suffix || host.hasSuffix("." + $0.suffix) }?.name
    }
}
