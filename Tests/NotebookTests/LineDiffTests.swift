import Testing
@testable import Notebook

@Test func equalTextsHaveNoDiff() {
    #expect(LineDiff.unified(old: "a\nb\n", new: "a\nb\n", oldName: "x", newName: "y") == "")
    #expect(LineDiff.unified(old: "", new: "", oldName: "x", newName: "y") == "")
}

@Test func editScriptIsMinimalAndReplays() {
    let old = "a b c a b b a".split(separator: " ").map(String.init)
    let new = "c b a b a c".split(separator: " ").map(String.init)
    let script = LineDiff.edits(old, new)
    // Myers' paper example: the shortest script has D = 5.
    let changes = script.filter { if case .same = $0 { return false } else { return true } }.count
    #expect(changes == 5)
    var rebuilt: [String] = []
    for edit in script {
        switch edit {
        case .same(let i, _): rebuilt.append(old[i])
        case .insert(let j): rebuilt.append(new[j])
        case .delete: break
        }
    }
    #expect(rebuilt == new)
}

// Expected outputs written by GNU `diff -u` (headers replaced), for inputs where the
// shortest edit is unique.
@Test func unifiedFormatMatchesGNUDiff() {
    let old = (1...12).map { "line \($0)\n" }.joined()
    var newLines = (1...12).map { "line \($0)\n" }
    newLines[1] = "line two\n"
    newLines.insert("inserted\n", at: 11)
    let new = newLines.joined()
    let expected = """
    --- old
    +++ new
    @@ -1,5 +1,5 @@
     line 1
    -line 2
    +line two
     line 3
     line 4
     line 5
    @@ -9,4 +9,5 @@
     line 9
     line 10
     line 11
    +inserted
     line 12

    """
    #expect(LineDiff.unified(old: old, new: new, oldName: "old", newName: "new") == expected)
}

@Test func unifiedFormatEdgeCases() {
    #expect(LineDiff.unified(old: "", new: "a\nb\n", oldName: "o", newName: "n") == "--- o\n+++ n\n@@ -0,0 +1,2 @@\n+a\n+b\n")
    #expect(LineDiff.unified(old: "a\n", new: "", oldName: "o", newName: "n") == "--- o\n+++ n\n@@ -1 +0,0 @@\n-a\n")
    #expect(LineDiff.unified(old: "a\nb", new: "a\nb\n", oldName: "o", newName: "n")
        == "--- o\n+++ n\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n")
}

/// Random small texts (fixed-seed LCG): every script must replay `old` into `new` and be
/// as short as the LCS says it can be (D = n + m − 2·LCS).
@Test func editScriptsAreShortestOnRandomInputs() {
    var state: UInt64 = 12345
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<300 {
        let old = (0..<next(12)).map { _ in String(next(4)) }
        let new = (0..<next(12)).map { _ in String(next(4)) }
        var lcs = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) where !old.isEmpty {
            for j in stride(from: new.count - 1, through: 0, by: -1) where !new.isEmpty {
                lcs[i][j] = old[i] == new[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        let script = LineDiff.edits(old, new)
        var rebuilt: [String] = []
        for edit in script {
            switch edit {
            case .same(let i, let j): #expect(old[i] == new[j]); rebuilt.append(old[i])
            case .insert(let j): rebuilt.append(new[j])
            case .delete: break
            }
        }
        #expect(rebuilt == new)
        let changes = script.filter { if case .same = $0 { return false } else { return true } }.count
        #expect(changes == old.count + new.count - 2 * lcs[0][0])
    }
}
