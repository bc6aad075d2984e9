import Testing
@testable import LM

@Test func LMModuleLinks() {
    #expect(String(describing: LMModule.self) == "LMModule")
}
