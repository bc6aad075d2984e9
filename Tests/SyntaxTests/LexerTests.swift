import Testing
@testable import Syntax

struct LexerTests {
    func kinds(_ source: String) -> [TokenKind] {
        var lexer = Lexer(source: source, file: "t")
        return lexer.scanAll().map(\.kind)
    }

    @Test func tokensAndLocations() {
        var lexer = Lexer(source: "let x = 1.5e3 # c\n  x |> f", file: "a.wh")
        let tokens = lexer.scanAll()
        #expect(tokens.map(\.kind) == [.keyword(.let), .identifier("x"), .symbol(.equal), .number(1500), .newline,
                                       .identifier("x"), .symbol(.pipe), .identifier("f"), .end])
        #expect(tokens[5].location == SourceLocation(file: "a.wh", line: 2, column: 3))
        #expect(tokens[6].location.column == 5)
        #expect(lexer.diagnostics.isEmpty)
    }

    @Test func rangesAreNotDecimals() {
        #expect(kinds("0..<n") == [.number(0), .symbol(.rangeExclusive), .identifier("n"), .end])
        #expect(kinds("1...3") == [.number(1), .symbol(.rangeInclusive), .number(3), .end])
        #expect(kinds("1_000") == [.number(1000), .end])
    }

    @Test func newlinesInsideBracketsContinueTheLine() {
        #expect(kinds("f(1,\n2)\n") == [.identifier("f"), .symbol(.leftParen), .number(1), .symbol(.comma), .number(2),
                                        .symbol(.rightParen), .newline, .end])
        #expect(kinds("{\n}").contains(.newline))
    }

    @Test func stringsInterpolationAndRaw() {
        #expect(kinds(#"r"\hat{w}""#) == [.string([.text(#"\hat{w}"#)]), .end])
        #expect(kinds(#""a{{b}}\n""#) == [.string([.text("a{b}\n")]), .end])
        var lexer = Lexer(source: #"  "v={x + 1:.3f}!""#, file: "t")
        let tokens = lexer.scanAll()
        #expect(tokens[0].kind == .string([.text("v="),
                                          .interpolation(source: "x + 1", spec: ".3f", location: SourceLocation(file: "t", line: 1, column: 7)),
                                          .text("!")]))
    }

    @Test func lexErrorsHaveLocations() {
        var lexer = Lexer(source: "x = 1 $\n\"open", file: "t")
        _ = lexer.scanAll()
        #expect(lexer.diagnostics.map(\.message) == ["Unexpected character '$'.", "Unterminated string."])
        #expect(lexer.diagnostics.map(\.location.line) == [1, 2])
        #expect(lexer.diagnostics[0].location.column == 7)
    }
}
