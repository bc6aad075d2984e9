import Testing
@testable import Notebook

private func key() throws -> Notebook { try Notebook(parsing: golden("exercise.key.md"), file: "key.md") }

@Test func planRunsStudentCodeThenTheKeysTests() throws {
    let key = try key()
    // A student who answered q1, tampered with the visible check, and left q2 as given.
    var studentText = try key.studentCopy()
    studentText = studentText.replacingOccurrences(of: "    todo(\"write your solution here\")", with: "    print my answer")
    studentText = studentText.replacingOccurrences(of: "check visible pass 2", with: "check visible pass 200")
    let submission = try Notebook(parsing: studentText, file: "sub.md")
    let plan = gradingPlan(submission: submission, key: key)
    #expect(plan.notes.isEmpty)
    #expect(plan.steps.map(\.origin) == [.key, .submission, .key, .submission, .key])
    #expect(plan.steps.map(\.exercise) == [nil, "q1", "q1", "q2", "q2"])
    #expect(plan.steps[1].code == "fn scale(w) {\n    print my answer\n}\n")
    #expect(plan.steps[1].file == "sub.md")
    #expect(plan.steps[1].firstLine == 21)
    #expect(plan.steps[2].code == "check visible pass 2\n### BEGIN HIDDEN TESTS\ncheck hidden pass 3\n### END HIDDEN TESTS\n")
    #expect(plan.steps[2].file == "key.md")
    #expect(plan.steps[2].firstLine == 27)
    #expect(plan.steps[3].code == "todo(\"write your solution here\")\n")
    #expect(plan.steps[4].code == "check second pass 1\n")

    let run = NotebookRunner().run(plan, in: FakeSession())
    #expect(run.steps.map(\.status) == [.passed, .passed, .passed, .failed(.unexpectedError), .passed])
    #expect(run.score.points == 6)
    #expect(run.score.maxPoints == 6)
}

@Test func gradingTheKeyItselfGivesFullMarks() throws {
    let key = try key()
    let run = NotebookRunner().run(gradingPlan(submission: key, key: key), in: FakeSession())
    #expect(run.steps.allSatisfy { $0.status == .passed })
    #expect(run.score.points == run.score.maxPoints)
    #expect(run.steps[1].step.code.contains("print solution line 1"))
    #expect(!run.steps[1].step.code.contains("check"))
}

@Test func mismatchesAreNotesNotErrors() throws {
    let key = try key()
    let submission = try Notebook(parsing: """
        ```whittle
        #| exercise: q2
        print two
        ```

        ```whittle
        #| exercise: extra
        print extra
        ```
        """, file: "sub.md")
    let plan = gradingPlan(submission: submission, key: key)
    #expect(plan.notes == [
        "exercise 'q1' is missing from the submission; its checks run without an answer",
        "the submission has exercise 'extra', which the key does not; it is not graded",
    ])
    #expect(plan.steps.map(\.origin) == [.key, .key, .submission, .key])

    let reordered = try Notebook(parsing: """
        ```whittle
        #| exercise: q2
        print two
        ```

        ```whittle
        #| exercise: q1
        print one
        ```
        """, file: "sub.md")
    #expect(gradingPlan(submission: reordered, key: key).notes == [
        "exercises are in a different order in the submission (q2, q1); they are graded in the key's order (q1, q2)",
    ])
}

@Test func testsStartAfterTheLastSolution() {
    let lines = ["fn f() {\n", "  check inside\n", "}\n", "check a pass 1\n", "print more\n"]
    #expect(ExerciseSplit.testsStart(in: lines) == 3)
    #expect(ExerciseSplit.testsStart(in: ["### BEGIN SOLUTION\n", "check x\n", "### END SOLUTION\n"]) == 3)
    #expect(ExerciseSplit.testsStart(in: []) == 0)
}
