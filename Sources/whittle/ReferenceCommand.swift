import ArgumentParser
import Stdlib

/// `whittle reference`: the library reference (docs/library.md) from the built-ins' doc strings.
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Print the library reference (Markdown) made from every function's documentation.",
        discussion: "`whittle reference > docs/library.md` regenerates the committed reference; CI fails when it is stale.")

    func run() throws { print(LibraryReference.markdown(), terminator: "") }
}
