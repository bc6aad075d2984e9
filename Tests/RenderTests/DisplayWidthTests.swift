import Testing
@testable import Render

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("", 0), ("abc", 3), ("양자화", 6), ("가지치기", 8), ("지식 증류", 9), ("MSE 오차", 8),
        ("漢字", 4), ("ｱ", 1), ("Ａ", 2), ("かな", 4), ("😀", 2), ("👍🏽", 2), ("👨‍👩‍👧", 2),
        ("❤️", 2), ("🇰🇷", 2), ("e\u{0301}", 1), ("ŵ", 1), ("a\u{200D}b", 2), ("α·β", 3),
        ("⣿", 1), ("█░", 2), ("─│┤", 3), ("\u{1100}\u{1161}\u{11A8}", 2), ("ℝ𝒩", 2),
    ])
    func widths(text: String, expected: Int) {
        #expect(displayWidth(text) == expected)
    }

    @Test func padsKoreanByColumns() {
        #expect(pad("양자화", toWidth: 8) == "양자화  ")
        #expect(pad("양자화", toWidth: 8, alignment: .right) == "  양자화")
        #expect(pad("가", toWidth: 5, alignment: .center) == " 가  ")
        #expect(pad("가지치기", toWidth: 4) == "가지치기")
        #expect(displayWidth(pad("지식 증류", toWidth: 12)) == 12)
    }

    @Test func truncatesWithoutSplittingWideCharacters() {
        #expect(truncate("가지치기", toWidth: 5) == "가지…")
        #expect(truncate("가지치기", toWidth: 6) == "가지…")
        #expect(truncate("가지치기", toWidth: 8) == "가지치기")
        #expect(truncate("abcdef", toWidth: 4) == "abc…")
        #expect(displayWidth(truncate("지식 증류 기법", toWidth: 7)) <= 7)
    }
}
