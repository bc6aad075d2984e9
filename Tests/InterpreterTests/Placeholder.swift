import Testing
@testable import Interpreter

@Test func InterpreterModuleLinks() {
    #expect(String(describing: InterpreterModule.self) == "InterpreterModule")
}
