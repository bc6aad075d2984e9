/// A line diff (Myers' O(ND) algorithm) and its unified-format rendering.
///
/// Myers, "An O(ND) Difference Algorithm and Its Variations" (1986): walk the diagonals
/// k = x − y of the edit graph, keeping for each edit count d the furthest-reaching
/// x on each diagonal; the trace of those arrays is walked back to recover the script.
enum LineDiff {
    enum Edit: Equatable {
        case same(Int, Int)    // old index, new index
        case delete(Int)       // old index
        case insert(Int)       // new index
    }

    /// The shortest edit script turning `old` into `new`.
    static func edits(_ old: [String], _ new: [String]) -> [Edit] {
        // Compare small integers, not strings, in the O(ND) loop.
        var ids: [String: Int] = [:]
        let oldIDs = old.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        let newIDs = new.map { line in ids[line] ?? { ids[line] = ids.count; return ids.count - 1 }() }
        return edits(ids: oldIDs, newIDs)
    }

    private static func edits(ids old: [Int], _ new: [Int]) -> [Edit] {
        let n = old.count, m = new.count
        let maxD = n + m
        guard maxD > 0 else { return [] }
        let offset = maxD + 1
        var v = Array(repeating: 0, count: 2 * maxD + 3)
        // trace[d] keeps only diagonals -d…d of v before step d (all the walk back reads),
        // so memory is O(D²) rather than O(D·(N+M)).
        var trace: [[Int]] = []
        search: for d in 0...maxD {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                // Step down (insert) when on the lower edge or when the upper neighbour got further.
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, old[x] == new[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { break search }
            }
        }
        // Walk back from (n, m): trace[d] holds v as it was before step d.
        var script: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let saved = trace[d]
            func v(_ k: Int) -> Int { saved[k + d] }  // saved[0] is diagonal -d
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && v(k - 1) < v(k + 1)) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : v(previousK)
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1; y -= 1
                script.append(.same(x, y))
            }
            if d > 0 {
                if x == previousX { y -= 1; script.append(.insert(y)) } else { x -= 1; script.append(.delete(x)) }
            }
        }
        return script.reversed()
    }

    /// A unified diff with `context` lines around each change (GNU `diff -u` conventions),
    /// or "" when the texts are equal.
    static func unified(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = old.splitLinesKeepingTerminators(), b = new.splitLinesKeepingTerminators()
        let script = edits(a, b)
        guard script.contains(where: { if case .same = $0 { return false } else { return true } }) else { return "" }
        var output = "--- \(oldName)\n+++ \(newName)\n"
        // Group changes whose context windows touch into hunks.
        let changeIndices = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        var groups: [(Int, Int)] = []
        for index in changeIndices {
            if let last = groups.last, index - last.1 <= 2 * context + 1 {
                groups[groups.count - 1].1 = index
            } else {
                groups.append((index, index))
            }
        }
        for (first, last) in groups {
            let start = max(0, first - context), end = min(script.count - 1, last + context)
            let slice = script[start...end]
            var oldStart: Int?, newStart: Int?
            var oldCount = 0, newCount = 0
            var body = ""
            for edit in slice {
                switch edit {
                case .same(let i, let j):
                    oldStart = oldStart ?? i; newStart = newStart ?? j
                    oldCount += 1; newCount += 1
                    body += line(" ", a[i])
                case .delete(let i):
                    oldStart = oldStart ?? i
                    oldCount += 1
                    body += line("-", a[i])
                case .insert(let j):
                    newStart = newStart ?? j
                    newCount += 1
                    body += line("+", b[j])
                }
            }
            let oldFrom = oldStart ?? position(before: start, in: script, old: true)
            let newFrom = newStart ?? position(before: start, in: script, old: false)
            output += "@@ -\(range(oldFrom, oldCount)) +\(range(newFrom, newCount)) @@\n" + body
        }
        return output
    }

    /// The 0-based index the hunk would start at in one file when it has no line there.
    private static func position(before index: Int, in script: [Edit], old: Bool) -> Int {
        var count = 0
        for edit in script[..<index] {
            switch edit {
            case .same: count += 1
            case .delete: if old { count += 1 }
            case .insert: if !old { count += 1 }
            }
        }
        return count
    }

    /// `start,count` with 1-based start; an empty range names the line before it.
    private static func range(_ zeroBasedStart: Int, _ count: Int) -> String {
        if count == 0 { return "\(zeroBasedStart),0" }
        if count == 1 { return "\(zeroBasedStart + 1)" }
        return "\(zeroBasedStart + 1),\(count)"
    }

    private static func line(_ prefix: String, _ text: String) -> String {
        if text.hasSuffix("\n") { return prefix + text }
        return prefix + text + "\n\\ No newline at end of file\n"
    }
}
