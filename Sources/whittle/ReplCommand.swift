import ArgumentParser
import Foundation
import Interpreter
import Stdlib

/// `whittle repl`: an interactive session on GNU readline.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start an interactive session (history, tab completion, multi-line input).",
        discussion: """
        Type Whittle code; the value of an expression is printed. Open brackets continue on the \
        next line. Ctrl-C interrupts a running cell, Ctrl-D exits. :help lists the commands. \
        History is kept in ~/.whittle_history. With input that is not a terminal, lines are read \
        plainly (for scripts and tests).
        """)

    @Option(name: .long, help: "Seed of the random generator.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "No ANSI colour.")
    var noColor = false

    @OptionGroup var compute: ComputeOptions

    func run() throws {
        try compute.apply()
        let repl = Repl(session: Session(seed: seed), terminal: Terminal(noColor: noColor))
        repl.loop()
    }
}
