import Testing
@testable import Compression

@Test func CompressionModuleLinks() {
    #expect(String(describing: CompressionModule.self) == "CompressionModule")
}
