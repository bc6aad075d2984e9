import Foundation

/// How a grading child ended.
enum ChildEnd: Equatable {
    /// It exited by itself with this status.
    case exited(Int32)
    /// The parent killed it at the wall-clock limit.
    case timeLimit
    /// The parent killed it for writing too much.
    case outputLimit
    /// An allocation failed under the memory limit (the message names the limit).
    case memoryLimit(String)
    /// The kernel stopped it at the CPU-time limit (SIGXCPU).
    case cpuLimit
    /// Another signal ended it (a crash).
    case signal(Int32)
    /// It could not be started.
    case cannotStart(String)

    /// What a check the child never reached shows, or nil when the child finished normally.
    var unreachedReason: String? {
        switch self {
        case .exited(0): return nil
        case .exited(let status): return "crashed (exit status \(status))"
        case .timeLimit: return "time limit exceeded"
        case .outputLimit: return "output limit exceeded"
        case .memoryLimit(let message): return message
        case .cpuLimit: return "CPU time limit exceeded"
        case .signal(let number): return "crashed (signal \(number))"
        case .cannotStart(let why): return "grading could not start: \(why)"
        }
    }

    /// Whether the child died inside one step for a reason that step alone caused, so that
    /// a fresh child can grade the rest: out of memory or a crash. The time, CPU and output
    /// limits are budgets for the whole submission, and a child that exited by itself
    /// reported why.
    var isCrash: Bool {
        switch self {
        case .memoryLimit, .signal: return true
        default: return false
        }
    }
}

/// Runs `whittle grade-one` in a child process and reads its JSON lines, killing it with
/// SIGKILL at the wall-clock limit or when its stdout passes the byte cap. Whatever lines
/// arrived before the kill are kept.
struct GradeChild {
    let arguments: [String]
    let timeLimit: Double
    let outputCap: Int

    func run() -> (lines: [GradeLine], end: ChildEnd) {
        let process = Process()
        process.executableURL = GradeChild.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // Children run side by side: one BLAS thread each avoids oversubscription.
        environment["OPENBLAS_NUM_THREADS"] = "1"
        // A crash report would go to /dev/null, and symbolicating it costs the child a second.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return ([], .cannotStart(error.localizedDescription))
        }
        let state = ReadState()
        let finished = DispatchSemaphore(value: 0)
        let pid = process.processIdentifier
        let cap = outputCap
        Thread.detachNewThread {
            let handle = pipe.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                if state.append(chunk, cap: cap) { kill(pid, SIGKILL) }
            }
            finished.signal()
        }
        if finished.wait(timeout: .now() + timeLimit) == .timedOut {
            state.markTimedOut()
            kill(pid, SIGKILL)
            finished.wait()
        }
        process.waitUntilExit()
        let lines = state.lines()
        if state.timedOut { return (lines, .timeLimit) }
        if state.overflowed { return (lines, .outputLimit) }
        if process.terminationReason == .uncaughtSignal {
            if let marker = lines.last(where: { $0.kind == .outOfMemory }) {
                return (lines, .memoryLimit(marker.error ?? "memory limit exceeded"))
            }
            if process.terminationStatus == SIGXCPU { return (lines, .cpuLimit) }
            return (lines, .signal(process.terminationStatus))
        }
        return (lines, .exited(process.terminationStatus))
    }

    /// This executable (the child is the same `whittle`).
    static var executable: URL {
        #if os(Linux)
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if FileManager.default.isExecutableFile(atPath: link.path) { return link }
        #endif
        return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }
}

/// The bytes read from a child, shared by the reader thread and the waiting one.
private final class ReadState {
    private let lock = NSLock()
    private var data = Data()
    private(set) var overflowed = false
    private(set) var timedOut = false

    /// Appends a chunk; true when the cap is now exceeded (the caller kills the child).
    func append(_ chunk: Data, cap: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard !overflowed else { return false }
        if data.count + chunk.count > cap {
            data.append(chunk.prefix(cap - data.count))
            overflowed = true
            return true
        }
        data.append(chunk)
        return false
    }

    func markTimedOut() {
        lock.lock(); timedOut = true; lock.unlock()
    }

    /// The complete lines decoded (a line cut by a kill is dropped).
    func lines() -> [GradeLine] {
        lock.lock(); defer { lock.unlock() }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A, omittingEmptySubsequences: true).compactMap {
            try? decoder.decode(GradeLine.self, from: Data($0))
        }
    }
}
