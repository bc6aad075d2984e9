import Testing
@testable import Syntax

@Test func lexerReportsLineAndColumnOfSecondLineToken() {
    var lexer = Lexer(source: "let x = 1\n  y", file: "t.wh")
    let tokens = lexer.scanAll()
    let y = tokens.first { $0.lexeme == "y" }
    #expect(y?.location.line == 2)
    #expect(y?.location.column == 3)
}
