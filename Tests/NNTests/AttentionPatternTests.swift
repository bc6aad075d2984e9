import Testing
@testable import NN
import TensorCore

@Suite struct AttentionPatternTests {
    private let patterns: [AttentionPattern] = [
        .full, try! AttentionPattern(window: 1), try! AttentionPattern(window: 4), try! AttentionPattern(window: 4, sinks: 2),
        try! AttentionPattern(window: 3, stride: 3), try! AttentionPattern(window: 2, sinks: 1, stride: 4),
        try! AttentionPattern(window: 5, sinks: 9),
    ]

    @Test func keysAreExactlyTheAllowedOnesInOrder() {
        for pattern in patterns {
            for i in 0..<20 {
                let brute = (0..<30).filter { pattern.allows(query: i, key: $0) }
                #expect(pattern.keys(for: i) == brute, "\(pattern.description), query \(i)")
            }
        }
        #expect(AttentionPattern.full.pairs(length: 10) == 55)
        let streaming = try! AttentionPattern(window: 4, sinks: 2)
        // Queries 0…5 see all earlier keys (1+2+…+6 = 21); the other 4 see 4 + 2.
        #expect(streaming.pairs(length: 10) == 21 + 4 * 6)
        #expect(streaming.cachedPositions == 6 && AttentionPattern.full.cachedPositions == nil)
        #expect(throws: NNError.self) { try AttentionPattern(window: 0) }
        #expect(throws: NNError.self) { try AttentionPattern(window: 2, stride: 0) }
    }

    @Test func theSparseKernelEqualsTheMaskedDensePath() throws {
        let (h, t, d) = (3, 23, 12)
        let q = try Tensor.randn([h, t, d], seed: 1), k = try Tensor.randn([h, t, d], seed: 2), v = try Tensor.randn([h, t, d], seed: 3)
        for pattern in patterns {
            let sparse = try patternAttention(q: q, k: k, v: v, pattern: pattern)
            let (dense, _) = try scaledDotProductAttention(q: Variable(try q.reshaped([1, h, t, d])), k: Variable(try k.reshaped([1, h, t, d])),
                                                           v: Variable(try v.reshaped([1, h, t, d])), pattern: pattern)
            let gap = try (sparse - dense.value.reshaped([h, t, d])).abs().max().item()
            #expect(gap < 1e-5, "\(pattern.description): \(gap)")
        }
        // One head as [T, d].
        let one = try patternAttention(q: try q.slice(axis: 0, start: 0, end: 1).reshaped([t, d]), k: try k.slice(axis: 0, start: 0, end: 1).reshaped([t, d]),
                                       v: try v.slice(axis: 0, start: 0, end: 1).reshaped([t, d]), pattern: .full)
        let all = try patternAttention(q: q, k: k, v: v, pattern: .full)
        #expect(one.scalars == Array(all.scalars.prefix(t * d)))
        #expect(throws: NNError.self) { try patternAttention(q: q, k: try k.reshaped([h * t, d]), v: v, pattern: .full) }
    }

    @Test func aModelsLayersFollowAPatternAndCopiesKeepIt() throws {
        let attention = try CausalSelfAttention(dim: 8, heads: 2, seed: 1)
        let x = Variable(try Tensor.randn([1, 9, 8], seed: 2))
        let full = try attention(x).value
        attention.pattern = try AttentionPattern(window: 9)
        let same = try attention(x).value.scalars
        #expect(same == full.scalars, "a window as long as the sequence is full attention")
        attention.pattern = try AttentionPattern(window: 2)
        let windowed = try attention(x).value
        #expect(windowed.scalars != full.scalars)
        let copy = try #require(try attention.copy() as? CausalSelfAttention)
        let copied = try copy(x).value.scalars
        #expect(copy.pattern == attention.pattern && copied == windowed.scalars)
    }
}
