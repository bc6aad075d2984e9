import Testing
@testable import Notebook

@Test func NotebookModuleLinks() {
    #expect(String(describing: NotebookModule.self) == "NotebookModule")
}
