import Testing
@testable import NN

@Test func NNModuleLinks() {
    #expect(String(describing: NNModule.self) == "NNModule")
}
