import Foundation
import Interpreter

/// Where language code may touch files: the folders `load_lm` reads checkpoints from and the
/// one `save_lm` writes under. Nothing else in the language opens a file.
///
/// Interactive use (`run`, `repl`) reads the current folder, then the checkout that holds the
/// stdlib, and writes under the current folder. Grading must keep one submission from changing
/// what the key or another submission reads: the course's files are read first (so nothing can
/// shadow a model the key loads), and writes go only to a scratch folder of this submission's
/// own, which the grader deletes; it is read last, so a student can reload what they saved.
public struct FileAccess: Sendable {
    /// Folders searched, in order, for a path to read.
    public var readRoots: [URL]
    /// The folder writes go under; nil refuses every write.
    public var writeRoot: URL?
    /// Paths starting with this are other submissions' scratch folders: never read, even when a
    /// read root (the grader's current folder, say /tmp) contains them.
    public var foreignScratchPrefix: String?

    /// No files at all: every read and write is refused (fuzzing, sandboxes).
    public static let none = FileAccess(readRoots: [], writeRoot: nil)

    /// Reads from the current folder, then the checkout's; writes under the current folder.
    public static func project() -> FileAccess {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return FileAccess(readRoots: unique([current] + checkoutRoots()), writeRoot: current)
    }

    /// Reads the course (`course`, then the checkout's folder), then `scratch`; writes only in
    /// `scratch`. Folders beside `scratch` whose names start like `scratchPrefix` belong to other
    /// submissions and are never read.
    public static func grading(course: [URL], scratch: URL, scratchPrefix: String) -> FileAccess {
        let folder = scratch.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(scratchPrefix)
        return FileAccess(readRoots: unique(course + checkoutRoots() + [scratch]), writeRoot: scratch,
                          foreignScratchPrefix: folder.standardizedFileURL.path)
    }

    /// The folders that hold the stdlib in use: a course checkout's root.
    static func checkoutRoots() -> [URL] {
        Session.stdlibSearchPaths().map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
    }

    private static func unique(_ urls: [URL]) -> [URL] {
        var seen = Set<String>(), out: [URL] = []
        for url in urls where seen.insert(url.standardizedFileURL.path).inserted { out.append(url) }
        return out
    }

    /// The existing file `relative` names under the first read root that has it, with every
    /// symbolic link resolved and the result checked to lie inside that root.
    func locate(_ relative: String, for function: String) throws -> URL? {
        for root in readRoots {
            let url = root.appendingPathComponent(relative)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            let resolved = url.resolvingSymlinksInPath()
            guard Self.isInside(resolved, root.resolvingSymlinksInPath()) else {
                throw RuntimeError("\(function): \"\(relative)\" leads outside the project folder")
            }
            if let foreign = foreignScratchPrefix, resolved.standardizedFileURL.path.hasPrefix(foreign),
               !(writeRoot.map { Self.isInside(resolved, $0.resolvingSymlinksInPath()) } ?? false) {
                throw RuntimeError("\(function): \"\(relative)\" belongs to another submission")
            }
            return url
        }
        return nil
    }

    /// Where `relative` may be written: under the write root, its folders created, no symbolic
    /// link on the way (a link could point where the key or another submission reads).
    func writable(_ relative: String, for function: String) throws -> URL {
        guard let root = writeRoot else { throw RuntimeError("\(function): files can't be written here") }
        let url = root.appendingPathComponent(relative)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let resolvedRoot = root.resolvingSymlinksInPath()
        guard Self.isInside(folder.resolvingSymlinksInPath(), resolvedRoot) || folder.resolvingSymlinksInPath() == resolvedRoot,
              (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) == nil else {
            throw RuntimeError("\(function): \"\(relative)\" leads outside the project folder")
        }
        return url
    }

    private static func isInside(_ url: URL, _ root: URL) -> Bool {
        url.standardizedFileURL.path.hasPrefix(root.standardizedFileURL.path + "/")
    }
}
