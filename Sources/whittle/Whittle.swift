import ArgumentParser
import Foundation

/// The `whittle` command: runs scripts and notebooks, a REPL, the grader.
///
/// Exit statuses: 0 ok, 1 a script or cell failed, 2 usage error.
@main
struct Whittle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whittle",
        abstract: "A small language and notebook runner for learning model compression.",
        discussion: """
        Exit status: 0 when everything ran, 1 when a script or a cell failed, \
        2 for a usage error.
        """,
        version: WhittleVersion.string,
        subcommands: [RunCommand.self, CheckCommand.self, ReplCommand.self, AssignCommand.self, GradeCommand.self,
                      GradeOneCommand.self, BenchCommand.self, ReferenceCommand.self, VersionCommand.self]
    )

    /// Parses and runs like ArgumentParser's own `main`, but maps usage errors to
    /// exit status 2 (ArgumentParser uses 64, EX_USAGE), as the docs promise.
    static func main() {
        // `whittle help NAME` for a NAME that is no subcommand: ArgumentParser would print the
        // top-level help and exit 0, hiding the typo.
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count >= 2, arguments[0] == "help", !arguments[1].hasPrefix("-") {
            let names = configuration.subcommands.filter { $0.configuration.shouldDisplay }.compactMap { $0.configuration.commandName }
            if !names.contains(arguments[1]) {
                FileHandle.standardError.write(Data("error: no command '\(arguments[1])'; the commands are \(names.joined(separator: ", ")).\n".utf8))
                Foundation.exit(2)
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

enum WhittleVersion {
    static let string = "0.1.0"
}
