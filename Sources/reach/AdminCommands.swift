import ArgumentParser
import Foundation
import ReachApp
import ReachCore

struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Create and list accounts (works on the database directly).",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and its admin; prints the admin's new API key alone on standard output.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "The account's name.") var name: String
        @Option(help: "The admin's email address.") var email: String
        @Option(help: "The admin's first name.") var firstName = ""
        @Option(help: "The admin's last name.") var lastName = ""

        func run() async throws {
            let admin = try options.admin()
            let created = try await reporting { try await admin.createAccount(name: name, adminEmail: email, firstName: firstName, lastName: lastName) }
            print(created.key.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")

        @OptionGroup var options: DatabaseOptions

        func run() async throws {
            let admin = try options.admin()
            let accounts = try await reporting { try await admin.listAccounts() }
            printTable(
                ["ID", "NAME", "USERS", "CREATED"],
                accounts.map { [$0.id, $0.listing.account.name, String($0.listing.userCount), $0.listing.account.createdAt.shortDisplay] })
        }
    }
}

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Add people to an account (works on the database directly).", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user to an account; prints the user's id.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "The account's id (see `reach accounts list`).") var account: String
        @Option(help: "The user's email address.") var email: String
        @Option(help: "admin or member.") var role = "member"
        @Option(help: "The user's first name.") var firstName = ""
        @Option(help: "The user's last name.") var lastName = ""

        func run() async throws {
            guard let role = UserRole(rawValue: role) else { throw ValidationError("--role must be admin or member") }
            let admin = try options.admin()
            let added = try await reporting {
                try await admin.addUser(accountID: account, email: email, role: role, firstName: firstName, lastName: lastName)
            }
            print(added.id)
        }
    }
}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke API keys (works on the database directly).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key for a user; prints the key alone on standard output.")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "The email of the user the key acts as.") var email: String
        @Option(help: "A name to recognise the key by.") var name = "api key"

        func run() async throws {
            let admin = try options.admin()
            let created = try await reporting { try await admin.createKey(email: email, name: name) }
            print(created.key.secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API keys (never the keys themselves).")

        @OptionGroup var options: DatabaseOptions
        @Option(help: "Only the keys of this user.") var email: String?

        func run() async throws {
            let admin = try options.admin()
            let keys = try await reporting { try await admin.listKeys(email: email) }
            printTable(
                ["ID", "PREFIX", "NAME", "USER", "ACCOUNT", "CREATED", "LAST USED", "STATUS"],
                keys.map { id, listing in
                    [
                        id, listing.key.prefix + "…", listing.key.name, listing.userEmail, listing.accountName,
                        listing.key.createdAt.shortDisplay, listing.key.lastUsedAt?.shortDisplay ?? "never",
                        listing.key.revokedAt == nil ? "active" : "revoked",
                    ]
                })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API key: it stops working at once.")

        @OptionGroup var options: DatabaseOptions
        @Argument(help: "The key's id (see `reach keys list`).") var keyID: String

        func run() async throws {
            let admin = try options.admin()
            try await reporting { try await admin.revokeKey(id: keyID) }
            print("Revoked \(keyID).")
        }
    }
}

extension DatabaseOptions {
    func admin() throws -> ReachAdmin {
        let logger = bootstrapLogging(default: .warning)
        return try ReachAdmin(databaseURL: databaseURL, logger: logger)
    }
}

/// Domain errors become one line on standard error and exit code 1, not a stack of Swift types.
func reporting<Result>(_ body: () async throws -> Result) async throws -> Result {
    do {
        return try await body()
    } catch let error as ReachError {
        FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
        throw ExitCode(1)
    }
}

func printTable(_ header: [String], _ rows: [[String]]) {
    Output.aligned([header] + rows).forEach { print($0) }
}

extension Date {
    var shortDisplay: String { ISO8601DateFormatter().string(from: self) }
}
