import Foundation
import Testing

/// The REPL on a real (pseudo-)terminal, where readline, history and Ctrl-C are live: driven
/// through util-linux's `script`, one keystroke group at a time (a pty discards typed-ahead
/// input when Ctrl-C arrives, so each group waits for the previous to be read).
@Suite(.serialized) struct ReplTerminalTests {
    func repl(_ groups: [String]) throws -> String {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("repl-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", "\(whittleBinary()) repl", "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(["HOME": home.path, "TERM": "xterm"]) { _, new in new }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let collected = Collected()
        output.fileHandleForReading.readabilityHandler = { collected.append($0.availableData) }
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Wait for the banner, then type each group once the previous one has been answered.
        _ = collected.wait(until: { $0.contains("Ctrl-D to quit") }, seconds: 15)
        for group in groups + [":quit\r"] {
            let before = collected.text.count
            input.fileHandleForWriting.write(Data(group.utf8))
            _ = collected.wait(until: { $0.count > before }, seconds: 5)
            Thread.sleep(forTimeInterval: 0.3)
        }
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!process.isRunning, "the REPL did not quit: \(collected.text)")
        try? input.fileHandleForWriting.close()
        output.fileHandleForReading.readabilityHandler = nil
        // Drop terminal control sequences, keep the text.
        return collected.text.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
    }

    /// Output gathered from another thread.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
        func wait(until done: (String) -> Bool, seconds: Double) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if done(text) { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }
    }

    @Test func ctrlCAbandonsAPendingMultiLineEntry() throws {
        let text = try repl(["let s = \"abc\r", "\u{03}", "print(40 + 2)\r"])
        #expect(text.contains("^C"))
        #expect(text.contains("42"))
        #expect(!text.contains("Unterminated string"), "\(text)")
    }

    @Test func anErrorInAnEarlierFunctionQuotesItsOwnLine() throws {
        let text = try repl(["fn f(x) {\r", "  x + nope\r", "}\r", "print(f(1))\r"])
        #expect(text.contains("<repl>:2:7: error: Undefined variable 'nope'."), "\(text)")
        #expect(text.contains("2 |   x + nope"))
        #expect(text.contains("called from <main> at <repl>:4:"))
    }

    @Test func upRecallsAMultiLineEntryWhole() throws {
        let text = try repl(["print(\r", "1 + 2)\r", "\u{1B}[A\r"])
        #expect(text.components(separatedBy: "3\r\n").count - 1 == 2, "\(text)")
        #expect(!text.contains("error"))
    }

    @Test func upUpDownRunsTheLineItShows() throws {
        let text = try repl(["var xy = 5\r", "print(xy * 2)\r", "\u{1B}[A\u{1B}[A\u{1B}[B\r"])
        #expect(text.components(separatedBy: "10\r\n").count - 1 == 2, "\(text)")
        #expect(!text.contains("axy"))
    }
}
