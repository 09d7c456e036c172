/// Domains that give mailboxes to anyone: people there are not colleagues (a reply from one
/// never stops the others, sequence setting 15), and an address there says nothing about an
/// employer (enrichment never takes its domain for a company's; operators extend that list with
/// `DATA_DIR/enrichment/free-mail-domains.txt`, one domain per line).
public enum FreeMailDomains {
    public static let shipped: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.co.in", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it",
        "yahoo.com.br", "yahoo.co.jp", "ymail.com", "rocketmail.com", "outlook.com", "outlook.fr", "outlook.de", "hotmail.com",
        "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es", "live.com", "live.co.uk", "live.fr", "msn.com",
        "aol.com", "icloud.com", "me.com", "mac.com", "proton.me", "protonmail.com", "pm.me", "tutanota.com", "tuta.io",
        "gmx.com", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de", "mail.com", "email.com",
        "zoho.com", "zohomail.com", "yandex.com", "yandex.ru", "ya.ru", "mail.ru", "bk.ru", "inbox.ru", "list.ru", "rambler.ru",
        "qq.com", "163.com", "126.com", "sina.com", "sohu.com", "aliyun.com", "naver.com", "daum.net", "hanmail.net",
        "rediffmail.com", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it", "virgilio.it", "tiscali.it",
        "btinternet.com", "sky.com", "virginmedia.com", "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net",
        "cox.net", "charter.net", "shaw.ca", "rogers.com", "sympatico.ca", "bigpond.com", "optusnet.com.au", "xtra.co.nz",
        "seznam.cz", "wp.pl", "o2.pl", "onet.pl", "interia.pl", "uol.com.br", "bol.com.br", "terra.com.br", "fastmail.com",
        "hushmail.com", "mailfence.com", "posteo.de", "mailbox.org", "hey.com", "duck.com",
    ]

    public static func contains(_ domain: String) -> Bool {
        shipped.contains(domain.lowercased())
    }
}
