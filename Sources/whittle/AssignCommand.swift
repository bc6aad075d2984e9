import ArgumentParser
import Foundation
import Notebook

/// `whittle assign KEY.md -o STUDENT.md`: writes the student copy of an instructor's notebook.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Write the student copy of an instructor's notebook (solutions and hidden tests removed).",
        discussion: """
        In every whittle cell, the code between `### BEGIN SOLUTION` and `### END SOLUTION` becomes \
        `todo("write your solution here")`, and `### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS` is \
        removed. Every other byte is kept. The copy is written atomically.

        Exit status: 0 written; 1 the notebook cannot be read or has unbalanced markers; 2 usage error.
        """)

    @ArgumentParser.Argument(help: "The instructor's notebook (.md), with solutions and hidden tests.",
                             completion: .file(extensions: ["md"]))
    var key: String

    @Option(name: .shortAndLong, help: "Where to write the student copy (.md).")
    var output: String

    func validate() throws {
        guard key.hasSuffix(".md") else { throw ValidationError("Expect a .md notebook, got '\(key)'.") }
        guard output.hasSuffix(".md") else { throw ValidationError("Expect -o to name a .md file, got '\(output)'.") }
        let same = URL(fileURLWithPath: key).standardizedFileURL == URL(fileURLWithPath: output).standardizedFileURL
        guard !same else { throw ValidationError("Refusing to overwrite the key; give -o another path.") }
    }

    func run() throws {
        let terminal = Terminal()
        do {
            let copy = try Notebook(contentsOf: key).studentCopy()
            try GradingFiles.write(copy, to: output)
        } catch {
            terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        terminal.error("student copy written to \(output)")
    }
}
