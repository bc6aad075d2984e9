import Foundation
import Testing

/// The memory and CPU limits a grading child runs under really stop a submission: the
/// exercise that hit the limit scores 0 with a message naming it, and grading exits 0.
extension GradeTests {
    @Test func memoryHogsScoreZeroAndLaterExercisesAreStillGraded() throws {
        // q1 doubles a string in its answer cell (pure language): the process limit stops it.
        // q2's function keeps 512 MiB tensors: the live-tensor budget (three quarters of the
        // child's address space) refuses the next one with an error, before the limit; q3 is right.
        let out = try temporaryFolder().appendingPathComponent("r.json")
        let (status, output) = try runWhittle([
            // memory/key.md is key.md with 20 s per cell instead of 2: on a loaded machine
            // filling memory can take longer than 2 s, and only the memory limit may stop it.
            "grade", "memory/hogs_memory.md", "--key", "memory/key.md", "--json", out.path,
            "--memory-mb", "1280", "--time-limit", "20",
        ], cwd: Self.fixtures)
        #expect(status == 0, "\(output)")
        let result = try results(out)
        #expect(result["score"] as? Double == 3)
        let tests = try #require(result["tests"] as? [[String: Any]])
        #expect(tests.count == 7)
        for test in tests.prefix(2) {
            #expect(test["output"] as? String == "memory limit exceeded (1280 MiB)", "\(test)")
        }
        for test in tests[2..<4] {
            #expect((test["output"] as? String ?? "").contains("zeros: [128, 1024, 1024] needs 512.0 MB more, but live tensors already hold"), "\(test)")
        }
        #expect(tests[4]["status"] as? String == "failed")
        #expect(tests.suffix(2).allSatisfy { $0["status"] as? String == "passed" })
        let notes = result["output"] as? String ?? ""
        #expect(notes.contains("q1 was stopped (memory limit exceeded (1280 MiB))"))
        #expect(!notes.contains("q2 was stopped"))
    }

    @Test func cpuLimitStopsASpinningSubmission() throws {
        // The key allows 30 s per cell and the wall clock 30 s, so only the CPU limit can
        // stop q1's loop within the test's time; it is a budget for the whole submission,
        // so q2 is not graded either.
        let out = try temporaryFolder().appendingPathComponent("r.json")
        let started = Date()
        let (status, output) = try runWhittle([
            "grade", "cpu/spins.md", "--key", "cpu/key.md", "--json", out.path,
            "--cpu-limit", "1", "--time-limit", "30",
        ], cwd: Self.fixtures)
        #expect(status == 0, "\(output)")
        #expect(Date().timeIntervalSince(started) < 15)
        let result = try results(out)
        #expect(result["score"] as? Double == 0)
        let tests = try #require(result["tests"] as? [[String: Any]])
        #expect(tests.map { $0["output"] as? String } == ["CPU time limit exceeded", "CPU time limit exceeded"])
    }
}
