import ArgumentParser
import Foundation
import ReachMail

struct DKIMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim", abstract: "DKIM keys for the domains Reach sends from.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a 2048-bit signing key for DOMAIN and print the DNS TXT record to publish.",
            discussion: "The key is written to DATA_DIR/dkim/DOMAIN.SELECTOR.pem (mode 0600); an existing key is never overwritten.")

        @Argument(help: "The sending domain, as in the From address.")
        var domain: String

        @Option(help: "The DKIM selector: the record is published at SELECTOR._domainkey.DOMAIN.")
        var selector = "reach"

        @Option(help: ArgumentHelp("Directory for files and keys (env REACH_DATA_DIR).", valueName: "path"))
        var dataDir: String?

        func run() async throws {
            let domain = domain.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ". "))
            guard domain.contains("."), domain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
                throw ValidationError("\(domain) is not a domain name")
            }
            guard !selector.isEmpty, selector.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw ValidationError("the selector may hold letters, digits and hyphens only")
            }
            let keys = DKIMKeyDirectory(
                directory: URL(fileURLWithPath: dataDir ?? ProcessInfo.processInfo.environment["REACH_DATA_DIR"] ?? "./reach-data").appendingPathComponent("dkim"))
            let directory = keys.directory
            let file = keys.file(domain: domain, selector: selector)
            guard !FileManager.default.fileExists(atPath: file.path) else {
                throw ValidationError("\(file.path) exists already: choose another --selector to rotate the key")
            }
            let generated = try DKIMSigner.generateKey(domain: domain, selector: selector)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: file.path, contents: Data(generated.privateKeyPEM.utf8), attributes: [.posixPermissions: 0o600])
            else { throw ValidationError("could not write \(file.path)") }
            print("Key written to \(file.path)")
            print("Publish this TXT record:")
            print("  name:  \(generated.dnsName)")
            print("  value: \(generated.dnsRecord)")
        }
    }
}
