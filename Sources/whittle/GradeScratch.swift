import Foundation

/// The one folder a submission's code may write to while it is graded: fresh, private
/// (mode 0700, from mkdtemp) and removed afterwards, so nothing it writes can reach the key,
/// the course or another submission. A child killed by the grader leaves it in $TMPDIR.
enum GradeScratch {
    /// The start of every scratch folder's name (mkdtemp adds six random characters).
    static let prefix = "whittle-grade-"

    static func make() throws -> URL {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/" + prefix + "XXXXXX").utf8CString)
        let ok = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkdtemp($0) != nil } ?? false }
        guard ok else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot make a scratch folder in \(base): \(String(cString: strerror(errno)))"])
        }
        let path = template.withUnsafeBufferPointer { $0.baseAddress.map { String(cString: $0) } ?? base }
        return URL(fileURLWithPath: path, isDirectory: true)
    }

    static func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
    }
}
