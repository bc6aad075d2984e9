import Testing
@testable import Notebook

private let sample = """
---
title: Quantization
seed: 42
timeout: 5
extra: [a, b]
---
# Intro

Some prose with `code`.

```whittle
#| id: setup
#| echo: false
let w = 1
print(w)
```

```mermaid
graph TD; A-->B
```

| a | b |
|---|---|
| 1 | 2 |

~~~python {.x}
print("not a cell")
~~~

   ````whittle extra
   let y = 2
   ````

- list item

  ```whittle
  nested is prose
  ```
Tail without newline
"""

@Test func parsesCellsLinesAndOptions() throws {
    let notebook = try Notebook(parsing: sample, file: "nb.md")
    #expect(notebook.text == sample)
    #expect(notebook.frontMatter.title == "Quantization")
    #expect(notebook.frontMatter.seed == 42)
    #expect(notebook.frontMatter.timeout == 5)
    #expect(notebook.frontMatter.string("missing") == nil)
    #expect(notebook.frontMatter.lineCount == 6)
    let cells = notebook.cells
    #expect(cells.count == 2)
    #expect(cells[0].id == "setup")
    #expect(cells[0].fenceLine == 11)
    #expect(cells[0].firstSourceLine == 14)
    #expect(cells[0].closingFenceLine == 16)
    #expect(cells[0].source == "let w = 1\nprint(w)\n")
    #expect(cells[0].options.echo == false)
    #expect(cells[0].options.entries.map(\.line) == [12, 13])
    #expect(cells[1].id == "cell-2")
    #expect(cells[1].info == "whittle extra")
    #expect(cells[1].fenceLine == 30)
    #expect(cells[1].firstSourceLine == 31)
    #expect(cells[1].source == "let y = 2\n")
    #expect(cells[1].raw == "   ````whittle extra\n   let y = 2\n   ````\n")
    // The mermaid, python and nested fences stay inside prose segments, untouched.
    guard case .markdown(let middle) = notebook.segments[2] else { Issue.record("expected prose"); return }
    #expect(middle.contains("```mermaid\ngraph TD; A-->B\n```\n"))
    #expect(middle.contains("~~~python {.x}\nprint(\"not a cell\")\n~~~\n"))
    guard case .markdown(let tail) = notebook.segments.last else { Issue.record("expected prose"); return }
    #expect(tail.hasSuffix("  ```whittle\n  nested is prose\n  ```\nTail without newline"))
}

@Test func noFrontMatterAndCRLF() throws {
    let text = "# T\r\n\r\n```whittle\r\n#| eval: false\r\nx\r\n```\r\n"
    let notebook = try Notebook(parsing: text, file: "c.md")
    #expect(notebook.text == text)
    #expect(notebook.frontMatter.node == nil)
    #expect(notebook.cells.count == 1)
    #expect(notebook.cells[0].options.eval == false)
    #expect(notebook.cells[0].firstSourceLine == 5)
}

@Test func unclosedWhittleFenceIsAnError() {
    let text = "# T\n\n```whittle\nlet x = 1\n"
    #expect(throws: NotebookError.unclosedFence(SourceLocation(file: "u.md", line: 3, column: 1), opening: "```whittle")) {
        try Notebook(parsing: text, file: "u.md")
    }
    #expect(NotebookError.unclosedFence(SourceLocation(file: "u.md", line: 3, column: 3), opening: "  ````whittle").description
        == "u.md:3:3: error: this ```whittle fence is never closed; add a closing ```` line\n3 |   ````whittle\n  |   ^")
    // The report of such a notebook closes the fence before its banner, so Markdown shows both.
    let error = NotebookError.unclosedFence(SourceLocation(file: "u.md", line: 3, column: 1), opening: "```whittle")
    let report = ReportWriter.unparsedReport(source: text, error: error).markdown
    #expect(report.hasPrefix(text + "```\n\n---\n\n**This notebook could not be run:**"))
    // Also when nothing follows the opening line, and when the file has no final newline.
    #expect(throws: NotebookError.self) { try Notebook(parsing: "```whittle", file: "u.md") }
    #expect(throws: NotebookError.self) { try Notebook(parsing: "```whittle\nx", file: "u.md") }
    // An unclosed fence of another language is just prose.
    #expect(throws: Never.self) { try Notebook(parsing: "```python\nx\n", file: "u.md") }
    // A fence closed on the very last line without a newline is fine.
    #expect((try? Notebook(parsing: "```whittle\nx\n```", file: "u.md"))?.cells.first?.source == "x\n")
}

@Test func unknownOptionSuggestsTheNearestKey() {
    let text = "intro\n\n```whittle\n#| echo: true\n  #|  evall: false\nx\n```\n"
    #expect(throws: NotebookError.cellOption(SourceLocation(file: "o.md", line: 5, column: 7),
                                             "unknown cell option 'evall' (did you mean 'eval'?)")) {
        try Notebook(parsing: text, file: "o.md")
    }
    do {
        _ = try Notebook(parsing: text, file: "o.md")
    } catch {
        #expect("\(error)" == "o.md:5:7: error: unknown cell option 'evall' (did you mean 'eval'?)")
    }
    let far = "```whittle\n#| colour: red\n```\n"
    #expect(throws: NotebookError.cellOption(SourceLocation(file: "o.md", line: 2, column: 4),
        "unknown cell option 'colour'; known options: echo, eval, output, error, timeout, id, exercise, points, hidden")) {
        try Notebook(parsing: far, file: "o.md")
    }
}

@Test func optionValuesAreChecked() throws {
    #expect(throws: NotebookError.cellOption(SourceLocation(file: "v.md", line: 2, column: 4),
                                             "cell option 'echo' takes true or false, not 'maybe'")) {
        try Notebook(parsing: "```whittle\n#| echo: maybe\n```\n", file: "v.md")
    }
    #expect(throws: NotebookError.cellOption(SourceLocation(file: "v.md", line: 3, column: 4),
                                             "duplicate cell option 'eval'; keep one")) {
        try Notebook(parsing: "```whittle\n#| eval: true\n#| eval: false\n```\n", file: "v.md")
    }
    let text = "```whittle\n#| error: \"shape mismatch\"\n#| timeout: 2.5\n#| output: asis\n#| exercise: q1\n#| points: 3\n#| hidden: true\nx\n```\n"
    let options = try Notebook(parsing: text, file: "v.md").cells[0].options
    #expect(options.expectedError == .containing("shape mismatch"))
    #expect(options.timeout == 2.5)
    #expect(options.output == .asis)
    #expect(options.exercise == "q1")
    #expect(options.points == 3)
    #expect(options.hidden)
}

@Test func duplicateIDsAreErrors() {
    let text = "```whittle\n#| id: a\n```\n\n```whittle\n#| id: a\n```\n"
    #expect(throws: NotebookError.duplicateID(SourceLocation(file: "d.md", line: 5),
                                              "cell id 'a' is already used by the cell at line 1; rename one")) {
        try Notebook(parsing: text, file: "d.md")
    }
}

@Test func malformedFrontMatterPointsAtTheFileLine() {
    let text = "---\ntitle: ok\nseed: [1, 2\n---\nbody\n"
    do {
        _ = try Notebook(parsing: text, file: "f.md")
        Issue.record("expected an error")
    } catch let error as NotebookError {
        guard case .frontMatter(let location, _) = error else { Issue.record("wrong error \(error)"); return }
        #expect(location.file == "f.md")
        #expect(location.line >= 3 && location.line <= 4)
    } catch {
        Issue.record("wrong error \(error)")
    }
    // A lone '---' with no closing line is a thematic break, not front matter.
    #expect((try? Notebook(parsing: "---\nbody\n", file: "f.md"))?.frontMatter.node == nil)
}

@Test func editDistanceMatchesLevenshtein() {
    #expect(CellOptions.editDistance("kitten", "sitting") == 3)
    #expect(CellOptions.editDistance("", "abc") == 3)
    #expect(CellOptions.editDistance("abc", "") == 3)
    #expect(CellOptions.editDistance("eval", "eval") == 0)
    #expect(CellOptions.suggestion(for: "ecko") == "echo")
}
