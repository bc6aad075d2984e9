import Foundation

/// Writes files so that a reader sees either the old contents or the new, never half.
enum AtomicFile {
    /// Writes `contents` to a temporary file in the same folder, then renames it over `path`
    /// (a rename within one file system is atomic). Creates the folder if needed.
    static func write(_ contents: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
            try Data(contents.utf8).write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw NotebookError.io(path: path, "cannot replace the file: \(reason)")
            }
        } catch let error as NotebookError {
            throw error
        } catch {
            throw NotebookError.io(path: path, "cannot write the file: \(error.localizedDescription)")
        }
    }

    /// The file's text, or nil when it does not exist or is not UTF-8.
    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
}
