import Foundation
import Testing
import TensorCore
@testable import LM
import NN

func anchorModel() throws -> GPTModel {
    let data = try #require(Data(base64Encoded: AnchorFixture.safetensorsBase64, options: .ignoreUnknownCharacters))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-anchor-\(UUID().uuidString).safetensors")
    try data.write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try GPTModel.load(from: url)
}

@Test func decoderReproducesTheNumpyAnchor() throws {
    let model = try anchorModel()
    #expect(model.config == GPTConfig(vocabularySize: 16, context: 8, width: 16, heads: 2, layers: 2))
    var cache = model.makeCache()
    var token = 0, produced: [Int] = []
    for t in 0..<AnchorFixture.tokens.count {
        let logits = try model.forward([token], cache: &cache)
        let expected = AnchorFixture.logits[(t * 16)..<((t + 1) * 16)]
        let err = zip(logits, expected).map { abs($0 - $1) }.max() ?? 0
        #expect(err < 1e-4, "step \(t): max |Δlogit| = \(err)")
        token = logits.indices.max { logits[$0] < logits[$1] } ?? 0
        produced.append(token)
    }
    #expect(produced == AnchorFixture.tokens)   // 24 tokens: three times around the 8-slot ring
}

@Test func chunkedForwardEqualsOneTokenAtATime() throws {
    // Also past the context: chunks that straddle the ring's wrap must see the right window.
    let model = try anchorModel()
    let seq = [0] + AnchorFixture.tokens
    var stepCache = model.makeCache(), chunkCache = model.makeCache()
    var stepLogits: [Float] = []
    for tok in seq { stepLogits += try model.forward([tok], cache: &stepCache) }
    var chunkLogits: [Float] = []
    var i = 0
    for size in [3, 1, 5, 7, 2, 4, 3] where i < seq.count {
        let part = Array(seq[i..<min(seq.count, i + size)])
        chunkLogits += try model.forward(part, cache: &chunkCache, allLogits: true)
        i += part.count
    }
    #expect(chunkLogits.count == stepLogits.count)
    let err = zip(chunkLogits, stepLogits).map { abs($0 - $1) }.max() ?? 1
    #expect(err < 1e-4)
}

/// A position's logits do not depend on how the tokens were batched: one call over all the
/// tokens, chunks of every size the decoder treats differently (1, 2-6, dozens of rows, and a
/// rotary prefill long enough to be split over two threads and to wrap the cache's ring), and
/// one token at a time give the same bits, tied head or not. Speculative decoding's promise (its
/// greedy output is the target's own) rests on this; so does a prefill matching its decode.
@Test func everyBatchingOfTheTokensGivesTheSameBits() throws {
    let saved = TensorCore.threads
    defer { TensorCore.threads = saved }
    for (positions, tied, length) in [(GPTConfig.Positions.rotary, true, 200), (.learned, false, 60)] {
        let config = GPTConfig(vocabularySize: 19, context: 64, width: 64, heads: 2, layers: 2, positions: positions, tiedHead: tied)
        let model = try GPTModel.random(config: config, seed: 11)
        var rng = WhittleRandom(seed: 5)
        let seq = (0..<length).map { _ in Int(rng.uniformDouble() * 19) }
        TensorCore.threads = 1
        var stepCache = model.makeCache()
        var oneAtATime: [Float] = []
        for tok in seq { oneAtATime += try model.forward([tok], cache: &stepCache) }
        TensorCore.threads = 2
        for sizes in [[length], [1, 20, 3, 17, 6, length - 47], [2, 5, 40, 4, length - 51]] {
            var cache = model.makeCache()
            var batched: [Float] = []
            var i = 0
            for size in sizes {
                batched += try model.forward(Array(seq[i..<(i + size)]), cache: &cache, allLogits: true)
                i += size
            }
            #expect(batched.map(\.bitPattern) == oneAtATime.map(\.bitPattern), "\(positions), tied \(tied), chunks \(sizes)")
        }
    }
}

@Test func kvCacheDecodingEqualsFullRecompute() throws {
    // Within the context, the cached logits of each step equal a fresh forward of the whole prefix.
    let config = GPTConfig(vocabularySize: 12, context: 16, width: 16, heads: 4, layers: 2, positions: .learned, tiedHead: true)
    let model = try GPTModel.random(config: config, seed: 7)
    var cache = model.makeCache()
    let seq = [1, 5, 3, 11, 0, 2, 7, 7, 9, 4]
    for t in 0..<seq.count {
        let cached = try model.forward([seq[t]], cache: &cache)
        var fresh = model.makeCache()
        let full = try model.forward(Array(seq[0...t]), cache: &fresh)
        #expect((zip(cached, full).map { abs($0 - $1) }.max() ?? 1) < 1e-5)
    }
    #expect(throws: LMError.self) {   // learned positions stop at the context
        var c = model.makeCache()
        _ = try model.forward([Int](repeating: 1, count: 17), cache: &c)
    }
}

@Test func partialRollbackEqualsNeverHavingWritten() throws {
    // Write n tokens, keep the first `keep`: the next logits must equal those of a cache that only
    // ever saw the kept ones — also past the context, where the writes overwrote live slots.
    let model = try anchorModel()
    let seq = [0] + AnchorFixture.tokens
    var bad: [String] = []
    for start in 5..<14 {
        for n in 1...4 {
            for keep in 0..<n {
                var cache = model.makeCache()
                _ = try model.forward(Array(seq[0..<start]), cache: &cache)
                var reference = cache
                cache.mark()
                _ = try model.forward(Array([3, 4, 5, 6].prefix(n)), cache: &cache)
                try cache.rollback(to: start + keep)
                if keep > 0 { _ = try model.forward(Array([3, 4, 5, 6].prefix(keep)), cache: &reference) }
                let a = try model.forward([1], cache: &cache), b = try model.forward([1], cache: &reference)
                if (zip(a, b).map { abs($0 - $1) }.max() ?? 1) > 1e-4 { bad.append("start \(start) n \(n) keep \(keep)") }
            }
        }
    }
    #expect(bad.isEmpty, "\(bad)")
}

@Test func checkpointRoundTripAndShapeErrors() throws {
    let config = GPTConfig(vocabularySize: 10, context: 8, width: 8, heads: 2, layers: 1)
    let model = try GPTModel.random(config: config, seed: 1)
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-gpt-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try model.save(to: url)
    let loaded = try GPTModel.load(from: url)
    #expect(loaded.config == config)
    #expect(try loaded.parameters["h0.mlp.w1"]?.scalars == model.parameters["h0.mlp.w1"]?.scalars)
    var wrong = config
    wrong.width = 16
    #expect(throws: LMError.checkpoint("checkpoint: tensor \"wte\" has shape [10, 8] but the config expects [10, 16]")) {
        try GPTModel.load(from: url, config: wrong)
    }
}

/// The panel kernel gives every row the bits of the plain one-row loop (y, then one multiply and
/// one add per k in order), whether it runs alone or in a group of up to six, on the AVX2 path
/// and on the plain C one: speculative decoding's greedy output depends on it.
@Test func panelRowsAreOneRowBitForBit() throws {
    var rng = WhittleRandom(seed: 41)
    for (k, n) in [(64, 192), (128, 512), (37, 19), (8, 70), (16, 100)] {
        let w = (0..<(k * n)).map { _ in Float(rng.uniformDouble() * 2 - 1) }
        var panels = [Float](repeating: .nan, count: DecoderKernels.panelFloats(k: k, n: n))
        w.withUnsafeBufferPointer { wb in panels.withUnsafeMutableBufferPointer { DecoderKernels.panels(of: wb.baseAddress!, k: k, n: n, into: $0.baseAddress!) } }
        for rows in [2, 3, 4, 5, 6, 7, 8, 9, 13, 16] {
            let x = (0..<(rows * k)).map { _ in Float(rng.uniformDouble() * 2 - 1) }
            let start = (0..<(rows * n)).map { _ in Float(rng.uniformDouble()) }
            var viaPanels = start, portable = start, oneAtATime = start
            x.withUnsafeBufferPointer { xb in
                panels.withUnsafeBufferPointer { pb in
                    viaPanels.withUnsafeMutableBufferPointer { DecoderKernels.panelRows(xb.baseAddress!, rows: rows, k: k, pb.baseAddress!, n: n, into: $0.baseAddress!) }
                    portable.withUnsafeMutableBufferPointer { DecoderKernels.panelRows(xb.baseAddress!, rows: rows, k: k, pb.baseAddress!, n: n, into: $0.baseAddress!, portable: true) }
                }
                panels.withUnsafeBufferPointer { pb in
                    oneAtATime.withUnsafeMutableBufferPointer { yb in
                        for r in 0..<rows {
                            DecoderKernels.panelRows(xb.baseAddress! + r * k, rows: 1, k: k, pb.baseAddress!, n: n, into: yb.baseAddress! + r * n)
                        }
                    }
                }
            }
            var reference = start
            for r in 0..<rows {
                for j in 0..<n {
                    var v = reference[r * n + j]
                    for kk in 0..<k { v = v + x[r * k + kk] * w[kk * n + j] }
                    reference[r * n + j] = v
                }
            }
            #expect(oneAtATime.map(\.bitPattern) == reference.map(\.bitPattern), "one row: k \(k) n \(n) rows \(rows)")
            #expect(viaPanels.map(\.bitPattern) == oneAtATime.map(\.bitPattern), "k \(k) n \(n) rows \(rows)")
            #expect(portable.map(\.bitPattern) == oneAtATime.map(\.bitPattern), "portable: k \(k) n \(n) rows \(rows)")
        }
    }
}
