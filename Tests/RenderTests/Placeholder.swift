import Testing
@testable import Render

@Test func RenderModuleLinks() {
    #expect(String(describing: RenderModule.self) == "RenderModule")
}
