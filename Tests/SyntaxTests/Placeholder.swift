import Testing
@testable import Syntax

@Test func SyntaxModuleLinks() {
    #expect(String(describing: SyntaxModule.self) == "SyntaxModule")
}
