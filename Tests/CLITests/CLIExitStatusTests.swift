import Foundation
import Testing

/// The built `whittle` executable: beside the test bundle, or inside its folder.
func whittleBinary() -> String {
    let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("whittle")
    if FileManager.default.fileExists(atPath: beside.path) { return beside.path }
    return Bundle.main.bundleURL.appendingPathComponent("whittle").path
}

/// Runs the built `whittle` executable (it sits beside the test bundle), or `executable`
/// when given, with `environment` added to this process's, and returns its exit status and
/// combined output.
func runWhittle(_ arguments: [String], stdin: String? = nil, cwd: URL? = nil,
                executable: String? = nil, environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable ?? whittleBinary())
    process.arguments = arguments
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    if let cwd { process.currentDirectoryURL = cwd }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite struct CLIExitStatusTests {
    @Test func helpListsSubcommands() throws {
        let (status, output) = try runWhittle(["--help"])
        #expect(status == 0)
        #expect(output.contains("SUBCOMMANDS"))
        #expect(output.contains("version"))
    }

    @Test func unknownFlagIsAUsageErrorWithStatus2() throws {
        let (status, output) = try runWhittle(["--no-such-flag"])
        #expect(status == 2)
        #expect(output.contains("Unknown option '--no-such-flag'"))
    }
}
