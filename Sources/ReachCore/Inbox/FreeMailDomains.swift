/// Domains where anyone gets an address: people there are not colleagues, so a reply from one
/// never stops the others (sequence setting 15).
public enum FreeMailDomains {
    static let domains: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", "yahoo.es", "ymail.com", "outlook.com", "hotmail.com",
        "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.es", "live.com", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "gmx.com",
        "gmx.de", "gmx.net", "web.de", "t-online.de", "proton.me", "protonmail.com", "pm.me", "yandex.com", "yandex.ru", "mail.ru", "zoho.com",
        "qq.com", "163.com", "126.com", "orange.fr", "free.fr", "laposte.net", "libero.it", "fastmail.com", "hey.com", "tutanota.com",
    ]

    public static func contains(_ domain: String) -> Bool {
        domains.contains(domain.lowercased())
    }
}
