import Testing

/// Display values refuse what they would draw wrongly.
@Suite struct DisplayBindingTests {
    @Test func texWithUnbalancedBracesIsRefused() {
        let h = Harness()
        #expect(h.run(#"tex(r"\frac{1}{")"#) == #"error: tex: the "{" at character 9 is never closed in "\\frac{1}{""#)
        #expect(h.run(#"tex(r"a}")"#) == #"error: tex: the "}" at character 2 closes no group in "a}""#)
        // Escaped braces are characters; balanced groups render.
        #expect(h.run(#"print(type(tex(r"\{x\} + \frac{1}{2}")))"#) == "equation\n")
    }
}
