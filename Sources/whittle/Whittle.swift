import ArgumentParser

/// The `whittle` command: runs scripts and notebooks, a REPL, the grader.
///
/// Exit statuses: 0 ok, 1 a cell or script failed, 2 usage error.
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
        subcommands: [VersionCommand.self]
    )
}

enum WhittleVersion {
    static let string = "0.1.0"
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print Whittle's version.")
    func run() throws { print("whittle \(WhittleVersion.string)") }
}
