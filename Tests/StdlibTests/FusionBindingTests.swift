import Testing

/// fuse(f, inputs): f is traced on lazy tensors, compiled, and gives what f gives op by op.
@Suite struct FusionBindingTests {
    @Test func fuseTracesTheFunctionAndEqualsRunningIt() {
        let h = Harness()
        h.run("""
            let x = randn([300, 7], seed: 1)
            let b = randn([7], seed: 2)
            fn f(x, b) { let h = x + b
              clamp(round(h / 0.1), -8, 7) * 0.1 + maximum(gelu(h), 0.5 * h) - exp(-abs(h)) }
            let r = fuse(f, [x, b])
            """)
        #expect(h.run("all(r.out == f(x, b))") == "true")
        #expect(h.number("r.operations") == 14)
        #expect(h.number("r.fused_bytes") == 12)
        #expect(h.run("starts_with(r.listing, \"fused: 2 inputs\")") == "true")
        #expect(h.run("fuse(fn(a) { sum(a) }, [x])").hasPrefix("error: sum:"))
        #expect(h.run("fuse(fn(a) { a + x }, [b])").contains("pass it as one of the inputs"))
        #expect(h.run("fuse(fn(a) { a @ a }, [x])").contains("not an elementwise operation"))
        #expect(h.run("fuse(fn(a, c) { a }, [x])").hasPrefix("error:"))
    }
}
