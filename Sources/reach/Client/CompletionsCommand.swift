import ArgumentParser

/// `reach completions SHELL`: completion of commands, client verbs and their options, built
/// from the same tables the commands run from.
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions", abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            EXAMPLE: reach completions bash > /etc/bash_completion.d/reach
                     reach completions zsh > "${fpath[1]}/_reach"
                     reach completions fish > ~/.config/fish/completions/reach.fish
            """)

    enum Shell: String, ExpressibleByArgument, CaseIterable {
        case bash, zsh, fish
    }

    @Argument(help: "bash, zsh or fish.") var shell: Shell

    func run() throws {
        switch shell {
        case .bash: print(Self.bash())
        case .zsh: print("#compdef reach\nautoload -U +X bashcompinit && bashcompinit\n" + Self.bash())
        case .fish: print(Self.fish())
        }
    }

    static var topLevel: [String] {
        ReachCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ResourceCatalog.resources.map(\.name)
    }

    static let sharedOptions = ["--json", "--csv", "--quiet", "--data", "--base-url", "--api-key", "--profile", "--help"]

    /// The options one client verb takes: its query parameters, and the shared ones.
    static func options(of verb: ResourceVerb) -> [String] {
        var options = verb.operation.queryParameters.map { "--\($0.name)" }
        if verb.operation.queryParameters.contains(where: { $0.name == "page" }) { options.append("--all") }
        if verb.details != nil { options += ["--map", "--tag", "--sequence", "--step", "--conflict", "--verify", "--batch"] }
        return options + sharedOptions
    }

    static func bash() -> String {
        var lines = [
            "_reach() {",
            "  local cur=${COMP_WORDS[COMP_CWORD]}",
            "  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W \"\(topLevel.joined(separator: " "))\" -- \"$cur\")); return; fi",
            "  case \"${COMP_WORDS[1]}\" in",
        ]
        for resource in ResourceCatalog.resources {
            lines.append("    \(resource.name))")
            lines.append("      if [ \"$COMP_CWORD\" -eq 2 ]; then COMPREPLY=($(compgen -W \"\(resource.verbs.map(\.verb).joined(separator: " "))\" -- \"$cur\")); return; fi")
            lines.append("      case \"${COMP_WORDS[2]}\" in")
            for verb in resource.verbs {
                lines.append("        \(verb.verb)) COMPREPLY=($(compgen -W \"\(options(of: verb).joined(separator: " "))\" -- \"$cur\"));;")
            }
            lines.append("      esac;;")
        }
        lines += ["  esac", "}", "complete -o default -F _reach reach"]
        return lines.joined(separator: "\n")
    }

    static func fish() -> String {
        var lines = ["complete -c reach -f -n __fish_use_subcommand -a \"\(topLevel.joined(separator: " "))\""]
        for resource in ResourceCatalog.resources {
            let verbs = resource.verbs.map(\.verb).joined(separator: " ")
            lines.append("complete -c reach -f -n \"__fish_seen_subcommand_from \(resource.name); and not __fish_seen_subcommand_from \(verbs)\" -a \"\(verbs)\"")
            for verb in resource.verbs {
                let condition = "contains -- \(resource.name) (commandline -opc); and contains -- \(verb.verb) (commandline -opc)"
                for option in options(of: verb) {
                    lines.append("complete -c reach -n \"\(condition)\" -l \(option.dropFirst(2))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
