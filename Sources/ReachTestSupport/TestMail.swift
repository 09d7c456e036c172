import Foundation
import ReachApp
import ReachMail

/// The mail peers scripts/mail-peers.sh started (their CA and DNS server), when it ran.
public enum TestMail {
    static let environment = ProcessInfo.processInfo.environment

    public static var available: Bool { environment["REACH_TEST_MAIL_CA"] != nil }
    public static var required: Bool { environment["REACH_REQUIRE_MAIL"] == "1" }

    public static var settings: MailSettings {
        MailSettings(
            caFile: environment["REACH_TEST_MAIL_CA"],
            dnsServers: environment["REACH_TEST_DNS_PORT"].flatMap(Int.init).map { [DNSResolver.Server(host: "127.0.0.1", port: $0)] } ?? [],
            heloName: "reach.test",
            verification: MailSettings.Verification(port: port("SMTP_MX") ?? 25))
    }

    public static func port(_ name: String) -> Int? {
        environment["REACH_TEST_\(name)_PORT"].flatMap(Int.init)
    }

    public static var directory: String? { environment["REACH_TEST_MAIL_DIR"] }

    /// Adds lines to the test DNS server's zone, which it reads again on each question.
    public static func addDNSRecords(_ lines: String) throws {
        guard let zone = environment["REACH_TEST_DNS_ZONE"] else { throw TestFailure(description: "the test DNS server is not running") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: zone))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((lines + "\n").utf8))
        try handle.close()
    }
    public static var python: String? { environment["REACH_TEST_PYTHON"] }
}
