import Testing

/// A native value is never a condition, on any path (issue: `check "all big" { t > 5 }`
/// passed because the fast comparison path and `check` called it true). all/any say which
/// truth is meant.
@Suite struct ConditionTests {
    static let refusal = "error: Can't use a tensor as a condition; reduce it first with all(…) or any(…)."

    @Test(arguments: [
        "if t > 5 { 1 }",                           // comparison condition, global operand
        "fn f(x) { if x > 5 { 1 } else { 0 } }\nf(t)",  // comparison condition, local operand
        "if t { 1 }",                               // bare value
        "if (t > 5) == (t > 5) { 1 }",              // comparison of two tensors
        "while t > 5 { break }",
        "not (t > 5)",
        "(t > 5) and true",
        "false or t",
        "if true and t > 0 { 1 }",
        "filter([1, 2], fn(x) { t > x })",
        "assert(t > 5)",
        "sorted([2, 1], reverse: t)",
        "all([t])",
        "any([0, t])",
        "var n = 0\nwhile n < 1 and t { n += 1 }",
    ])
    func tensorConditionIsAnErrorOnEveryPath(snippet: String) {
        let h = Harness()
        h.run("let t = tensor([1, 2, 3])")
        #expect(h.run(snippet) == Self.refusal, "\(snippet)")
    }

    @Test func aTypedFlagRefusesATensorByItsDeclaration() {
        let h = Harness()
        h.run("let t = tensor([1, 2, 3])")
        #expect(h.run("sum(t, keepdims: t)") == "error: sum: keepdims must be true or false, got tensor")
    }

    @Test func checkWithATensorConditionFailsWithTheReason() {
        let h = Harness()
        let output = h.run("let t = tensor([1, 2, 3])\ncheck \"all big\" { t > 5 } points 1")
        #expect(output.contains("all big") && !output.contains("error:"), "\(output)")
        #expect(h.sink.checks.last?.passed == false)
        #expect(h.sink.checks.last?.errorMessage?.hasPrefix("Can't use a tensor as a condition") == true)
    }

    @Test func allAndAnySayWhichTruthIsMeant() {
        let h = Harness()
        #expect(h.run("let t = tensor([1, 2, 3])\nprint(all(t > 0), all(t > 1), any(t > 2), any(t > 3))") == "true false true false\n")
        #expect(h.run("print(all([]), any([]), all([1, \"a\", [0]]), any([0, \"\", nil]), all(1..<4), any(0..<1))")
                == "true false true false true false\n")
        #expect(h.run("print(all(tensor([nan])), any(zeros([0])), all(zeros([0])))") == "true false true\n")
        #expect(h.run("print(all(5))") == "error: all: expect a list, range, string or dict, got number.")
    }

    @Test func numbersAndLanguageValuesKeepTheirTruth() {
        let h = Harness()
        #expect(h.run("var n = 0\nwhile n < 3 { n += 1 }\nprint(n, not [], [] or \"x\", 1 and 0 == 0)") == "3 true true true\n")
        #expect(h.run("let m = mlp([2, 2], seed: 0)\nprint(m == nil, m != nil)") == "false true\n")
    }
}
