import Testing
@testable import Render

@Suite struct TableTests {
    @Test func koreanColumnsAlignInTerminal() {
        let lines = Samples.koreanTable.terminal(width: 80, color: false).split(separator: "\n").map(String.init)
        let body = Array(lines.dropFirst())  // the title line is not part of the grid
        #expect(body.count == 8)
        let widths = Set(body.map(displayWidth))
        #expect(widths.count == 1, "every grid line has the same display width: \(widths)")
        // Column separators sit at the same display columns on every line.
        func separatorColumns(_ line: String) -> [Int] {
            var columns: [Int] = []
            var position = 0
            for character in line {
                if "│┼┬┴├┤┌┐└┘".contains(character) {
                    columns.append(position)
                }
                position += displayWidth(String(character))
            }
            return columns
        }
        let expected = separatorColumns(body[0])
        for line in body {
            #expect(separatorColumns(line) == expected, "\(line)")
        }
    }

    @Test func koreanColumnsAlignInRawMarkdown() {
        let lines = Samples.koreanTable.markdown().split(separator: "\n").map(String.init)
        #expect(lines[0] == "**압축 기법 비교**")
        let table = lines.filter { $0.hasPrefix("|") }
        #expect(table.count == 6)
        #expect(Set(table.map(displayWidth)).count == 1)
        #expect(table[1] == "| --------- | -----: | ---------: | ----------------- |")
        #expect(table[3].contains("50% \\| 비구조적"))
    }

    @Test func numbersRightTextLeft() {
        let table = Table(headers: ["name", "value"], rows: [["a", 1.5], ["bb", 10]])
        #expect(table.terminal(width: 80, color: false) == """
        ┌──────┬───────┐
        │ name │ value │
        ├──────┼───────┤
        │ a    │   1.5 │
        │ bb   │    10 │
        └──────┴───────┘
        """)
        let centered = Table(headers: ["x"], rows: [["a"]], alignments: [.center])
        #expect(centered.markdown() == "|  x  |\n| :-: |\n|  a  |")
    }

    @Test func raggedRowsRenderAndValidateThrows() {
        let table = Table(headers: ["a", "b"], rows: [[1], [1, 2, 3]])
        #expect(throws: RenderError.rowWidthMismatch(row: 0, expected: 2, found: 1)) { try table.validate() }
        let lines = table.terminal(width: 80, color: false).split(separator: "\n")
        #expect(Set(lines.map { displayWidth(String($0)) }).count == 1)
        #expect(table.markdown().split(separator: "\n").allSatisfy { $0.filter { $0 == "|" }.count == 4 })
    }

    @Test func narrowTerminalTruncatesCells() {
        let table = Table(headers: ["기법", "설명"],
                          rows: [["양자화", .text("가중치를 낮은 비트로 표현하여 메모리를 줄인다")]])
        let text = table.terminal(width: 30, color: false)
        for line in text.split(separator: "\n") {
            #expect(displayWidth(String(line)) <= 30)
        }
        #expect(text.contains("…"))
    }

    @Test func colorOnlyWhenAsked() {
        let plain = Samples.koreanTable.terminal(width: 80, color: false)
        let colored = Samples.koreanTable.terminal(width: 80, color: true)
        #expect(!plain.contains("\u{1B}"))
        #expect(colored.contains("\u{1B}[1m"))
        #expect(stripANSI(colored) == plain)
        #expect(!Samples.koreanTable.markdown().contains("\u{1B}"))
        #expect(Samples.koreanTable.svg() == nil)
    }

    @Test func cellsEscapeAndFlatten() {
        let table = Table(headers: ["a|b"], rows: [[.text("line1\nline2")]])
        #expect(table.markdown() == "| a\\|b           |\n| -------------- |\n| line1<br>line2 |")
        #expect(table.terminal(width: 80, color: false).contains("line1 line2"))
        #expect(Cell.number(1e-7).text(digits: 4) == "1e-07")
    }
}
