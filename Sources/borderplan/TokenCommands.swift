import ArgumentParser
import BorderPlanKit
import Foundation

/// `borderplan token …`: the bearer tokens of the server's write endpoints.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Access tokens for `serve --db`: editors write, viewers read.",
        discussion: "A token is printed once; the store keeps only its SHA-256.",
        subcommands: [TokenAdd.self, TokenRevoke.self])
}

struct TokenAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Create a token (printed once, never stored).")
    @Argument(help: "Who holds it (the journal's author for its edits).") var name: String
    @Option(help: "editor or viewer.") var role: TokenRole
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let token = try dataOptions.openStore().addToken(name: name, role: role)
        note("token for \(name) (\(role.rawValue)); it is shown only now:")
        emit(token + "\n")
    }
}

struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token.")
    @Argument(help: "Its holder's name.") var name: String
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        try dataOptions.openStore().revokeToken(name: name)
        emit("revoked the token of \(name)\n")
    }
}
