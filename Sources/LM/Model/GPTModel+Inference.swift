// The inference path: no autodiff, raw-pointer kernels and BLAS, a ring-buffer KV cache.
// A call processes T ≥ 1 new tokens (prefill, one decode step, or the γ+1 positions a
// speculative verifier checks at once); projections run as one matrix product over the T rows,
// and attention runs token by token so that, with a full ring, token i sees exactly the window
// it would have seen had the tokens come one at a time.
import Foundation
import NN
import TensorCore

extension GPTModel {
    /// Runs `tokens` through the model at positions `cache.position ..< cache.position + T`.
    /// - Returns: logits of the last token ([vocab]), or of every token ([T · vocab], row-major)
    ///   when `allLogits` is true.
    /// - Throws: for an empty input, an out-of-range token, or learned positions past the context.
    public func forward(_ tokens: [Int], cache: inout KVCache, allLogits: Bool = false) throws -> [Float] {
        let c = config
        let t0 = cache.position, count = tokens.count
        guard count > 0 else { throw LMError.argument("forward: no tokens to run") }
        for (i, tok) in tokens.enumerated() where tok < 0 || tok >= c.vocabularySize {
            throw LMError.argument("forward: token \(tok) at index \(i) is outside the vocabulary 0..<\(c.vocabularySize)")
        }
        if c.positions == .learned, t0 + count > c.context {
            throw LMError.argument("forward: learned positions end at the context (\(c.context)); position \(t0 + count - 1) needs rotary positions")
        }
        let d = c.width, hd = c.headDim, nh = c.heads, f = c.mlpWidth, v = c.vocabularySize
        let slots = cache.slots
        if cache.isJournaling, count > slots {
            throw LMError.argument("forward: \(count) tokens overflow the \(slots)-slot cache while it journals for rollback")
        }
        var x = [Float](repeating: 0, count: count * d)
        var h = [Float](repeating: 0, count: count * d)
        var qkv = [Float](repeating: 0, count: count * 3 * d)
        var attn = [Float](repeating: 0, count: count * d)
        var mlp = [Float](repeating: 0, count: count * f)
        var scores = [Float](repeating: 0, count: slots)
        let scale = 1 / Float(hd).squareRoot()
        do { try weights.refresh(from: network) } catch let unsupported as DecoderWeights.Unsupported {
            return try referenceForward(tokens, cache: &cache, allLogits: allLogits, because: unsupported.reason)
        }
        let w = weights

        // Embedding (+ learned positions).
        x.withUnsafeMutableBufferPointer { xb in
            let xp = xb.baseAddress!
            let wte = w.wte!
            for (i, tok) in tokens.enumerated() {
                (xp + i * d).update(from: wte + tok * d, count: d)
                if c.positions == .learned {
                    let wpe = w.wpe! + (t0 + i) * d
                    for j in 0..<d { xp[i * d + j] += wpe[j] }
                }
            }
        }
        let rotary = c.positions == .rotary ? w.rotary(positions: t0, count: count, headDim: hd, base: c.ropeBase) : nil

        for l in 0..<c.layers {
            let blk = w.blocks[l]
            // Save the slots this chunk overwrites (only past the first wrap, only when journaling).
            for i in 0..<count where t0 + i >= slots {
                cache.recordOverwrite(layer: l, slot: (t0 + i) % slots, position: t0 + i)
            }
            x.withUnsafeMutableBufferPointer { xb in
            h.withUnsafeMutableBufferPointer { hb in
            qkv.withUnsafeMutableBufferPointer { qb in
            attn.withUnsafeMutableBufferPointer { ab in
            mlp.withUnsafeMutableBufferPointer { mb in
            scores.withUnsafeMutableBufferPointer { sb in
                let xp = xb.baseAddress!, hp = hb.baseAddress!, qp = qb.baseAddress!
                let ap = ab.baseAddress!, mp = mb.baseAddress!, sp = sb.baseAddress!
                for i in 0..<count {
                    Kernels.layerNorm(xp + i * d, count: d, gain: blk.ln1g, bias: blk.ln1b,
                                      eps: c.layerNormEps, into: hp + i * d)
                }
                DecoderKernels.linear(hp, rows: count, k: d, blk.wqkv, n: 3 * d,
                               bias: blk.bqkv, into: qp)
                cache.keys.withUnsafeMutableBufferPointer { kb in
                cache.values.withUnsafeMutableBufferPointer { vb in
                    let kc = kb.baseAddress!, vc = vb.baseAddress!
                    for i in 0..<count {
                        let row = qp + i * 3 * d
                        if let rotary {
                            let cp = rotary.cos + i * hd / 2, snp = rotary.sin + i * hd / 2
                            Rotary.rotate(row, heads: nh, headDim: hd, cos: cp, sin: snp)
                            Rotary.rotate(row + d, heads: nh, headDim: hd, cos: cp, sin: snp)
                        }
                        let t = t0 + i, slot = t % slots, n = min(t + 1, slots)
                        for hh in 0..<nh {
                            let base = ((l * nh + hh) * slots + slot) * hd
                            (kc + base).update(from: row + d + hh * hd, count: hd)
                            (vc + base).update(from: row + 2 * d + hh * hd, count: hd)
                        }
                        for hh in 0..<nh {
                            let q = row + hh * hd
                            let kh = kc + (l * nh + hh) * slots * hd, vh = vc + (l * nh + hh) * slots * hd
                            // scores = K·q·scale over the n filled slots, then out = Vᵀ·softmax(scores).
                            BLAS.sgemv(rows: n, cols: hd, alpha: scale, kh, lda: hd, q, sp)
                            Kernels.softmax(sp, sp, count: n)
                            BLAS.sgemv(trans: true, rows: n, cols: hd, vh, lda: hd, sp, ap + i * d + hh * hd)
                        }
                    }
                }
                }
                DecoderKernels.linear(ap, rows: count, k: d, blk.wo, n: d,
                               bias: blk.bo, into: xp, accumulate: true)
                for i in 0..<count {
                    Kernels.layerNorm(xp + i * d, count: d, gain: blk.ln2g, bias: blk.ln2b,
                                      eps: c.layerNormEps, into: hp + i * d)
                }
                DecoderKernels.linear(hp, rows: count, k: d, blk.w1, n: f, bias: blk.b1, into: mp)
                Kernels.gelu(inPlace: mp, count: count * f)
                DecoderKernels.linear(mp, rows: count, k: f, blk.w2, n: d,
                               bias: blk.b2, into: xp, accumulate: true)
            }}}}}}
        }
        cache.position = t0 + count

        // Final LN and head, for the last row only unless every row is asked for.
        let first = allLogits ? 0 : count - 1
        let rows = count - first
        var logits = [Float](repeating: 0, count: rows * v)
        x.withUnsafeBufferPointer { xb in
        h.withUnsafeMutableBufferPointer { hb in
        logits.withUnsafeMutableBufferPointer { lb in
            let xp = xb.baseAddress!, hp = hb.baseAddress!, lp = lb.baseAddress!
            for r in 0..<rows {
                Kernels.layerNorm(xp + (first + r) * d, count: d, gain: w.lnfg, bias: w.lnfb,
                                  eps: c.layerNormEps, into: hp + r * d)
            }
            DecoderKernels.linear(hp, rows: rows, k: d, w.head, n: v, bias: nil, into: lp)
        }}}
        return logits
    }

    /// The reference path, for networks with layers the fast kernels do not run (adapters,
    /// expert layers, ...): the network's own forward pass over every token so far, without
    /// gradients, in evaluation mode. Slower (no KV cache: each step recomputes the prefix) but
    /// exact for any module arrangement; it stops at the context.
    private func referenceForward(_ tokens: [Int], cache: inout KVCache, allLogits: Bool, because reason: String) throws -> [Float] {
        let c = config
        let sequence = Array(cache.history.prefix(cache.position)) + tokens
        guard sequence.count <= c.context else {
            throw LMError.argument("forward: position \(sequence.count - 1) is past the context (\(c.context)); this model decodes through its own forward pass (\(reason)), which cannot slide a window")
        }
        let wasTraining = network.isTraining
        network.eval()
        defer { if wasTraining { network.train() } }
        let ids = try Tensor(shape: [1, sequence.count], scalars: sequence.map(Float.init))
        let logits = try GradMode.withoutGrad { try network(ids) }.value.scalars
        cache.history = sequence
        cache.position = sequence.count
        let v = c.vocabularySize, first = allLogits ? sequence.count - tokens.count : sequence.count - 1
        return Array(logits[(first * v)...])
    }
}
