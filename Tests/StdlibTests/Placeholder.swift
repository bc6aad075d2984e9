import Testing
@testable import Stdlib

@Test func StdlibModuleLinks() {
    #expect(String(describing: StdlibModule.self) == "StdlibModule")
}
