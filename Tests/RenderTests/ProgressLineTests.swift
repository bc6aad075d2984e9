import Testing
@testable import Render

@Test func progressLineShowsBarCountRateAndETA() {
    #expect(ProgressLine.render(task: "train", done: 16, total: 30, elapsed: 4, width: 80)
        == "train  ████████████████░░░░░░░░░░░░░░  53%  16/30 · 4.0/s · ETA 4s")
    // Done: no ETA. Nothing done yet: no rate.
    #expect(ProgressLine.render(task: "t", done: 5, total: 5, elapsed: 2, width: 40).hasSuffix("100%  5/5 · 2.5/s"))
    #expect(ProgressLine.render(task: "t", done: 0, total: 5, elapsed: 0, width: 40).hasSuffix("0%  0/5"))
    // The line fits the terminal, Hangul task names counted two columns per syllable.
    let line = ProgressLine.render(task: "학습", done: 1, total: 3, elapsed: 1, width: 50)
    #expect(displayWidth(line) <= 50)
    #expect(ProgressLine.duration(125) == "2m05s" && ProgressLine.duration(3725) == "1h02m")
    #expect(ProgressLine.bar(0.5, width: 4) == "██░░" && ProgressLine.bar(1, width: 3) == "███" && ProgressLine.bar(0.3, width: 4) == "█▏░░")
}
