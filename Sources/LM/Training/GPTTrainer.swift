// The training path: the same decoder written with autodiff Variables over a batch, with
// batched causal attention (a [T, T] mask of 0 / −1e9 added to the scores). It shares
// parameter names and layout with `GPTModel`, so `model()` hands the result to the fast
// inference path, and the two forwards agree (tested).
//
//     let trainer = try GPTTrainer(model: GPTModel.random(config: c, seed: 0, initialization: .gpt2))
//     let loss = try trainer.loss(inputs: x, targets: y)     // x, y: [[Int]] of equal lengths
//     try loss.backward(); try optimizer.step()
import NN
import TensorCore

/// A GPT model's parameters as trainable NN `Parameter`s, with a batched autodiff forward.
public final class GPTTrainer {
    /// The model's hyper-parameters.
    public let config: GPTConfig
    /// Trainable parameters by name (names as in `config.parameterShapes`).
    public let parameters: [String: Parameter]

    /// Trainable copies of `model`'s parameters.
    public init(model: GPTModel) {
        config = model.config
        parameters = model.parameters.mapValues { Parameter($0) }
    }

    /// Parameters in the config's order (a stable order for optimizers).
    public var orderedParameters: [Parameter] { config.parameterShapes.compactMap { parameters[$0.name] } }

    /// The current parameters as an inference model.
    public func model() throws -> GPTModel {
        try GPTModel(config: config, parameters: parameters.mapValues(\.value))
    }

    func variable(_ name: String) throws -> Variable {
        guard let p = parameters[name] else { throw LMError.checkpoint("trainer: parameter \"\(name)\" is missing") }
        return p.variable
    }

    /// Logits [B, T, vocab] for a batch of equally long token rows (positions 0..<T).
    /// - Throws: for ragged rows, rows longer than the context, or ids outside the vocabulary.
    public func logits(_ inputs: [[Int]]) throws -> Variable {
        let c = config
        let b = inputs.count, t = inputs.first?.count ?? 0
        guard b > 0, t > 0, inputs.allSatisfy({ $0.count == t }) else {
            throw LMError.argument("trainer: the batch must be non-empty rows of equal length")
        }
        guard t <= c.context else { throw LMError.argument("trainer: rows of \(t) tokens exceed the context \(c.context)") }
        for row in inputs { for tok in row where tok < 0 || tok >= c.vocabularySize {
            throw LMError.argument("trainer: token \(tok) is outside the vocabulary 0..<\(c.vocabularySize)")
        } }
        let d = c.width, nh = c.heads, hd = c.headDim
        let ids = Tensor(inputs.flatMap { $0.map(Float.init) })
        var x = try variable("wte").indexSelect(axis: 0, indices: ids).reshaped([b, t, d])
        if c.positions == .learned { x = try x + variable("wpe").slice(axis: 0, start: 0, end: t) }
        // Constants: causal mask and rotary tables (the same Double-computed values as inference).
        var mask = [Float](repeating: 0, count: t * t)
        for i in 0..<t { for j in (i + 1)..<max(t, i + 1) { mask[i * t + j] = -1e9 } }
        let maskT = try Tensor(shape: [t, t], scalars: mask)
        var cosT = [Float](repeating: 0, count: t * hd), sinT = cosT
        if c.positions == .rotary {
            var cs = [Float](repeating: 0, count: hd / 2), sn = cs
            for pos in 0..<t {
                Kernels.rotary(position: pos, headDim: hd, base: c.ropeBase, cos: &cs, sin: &sn)
                for i in 0..<hd { cosT[pos * hd + i] = cs[i % (hd / 2)]; sinT[pos * hd + i] = sn[i % (hd / 2)] }
            }
        }
        let cosV = Variable(try Tensor(shape: [t, hd], scalars: cosT)), sinV = Variable(try Tensor(shape: [t, hd], scalars: sinT))
        func rope(_ v: Variable) throws -> Variable {       // v: [B, H, T, hd]
            let x1 = try v.slice(axis: 3, start: 0, end: hd / 2), x2 = try v.slice(axis: 3, start: hd / 2, end: hd)
            let rotated = try Variable.concatenate([-x2, x1], axis: 3)
            return try v * cosV + rotated * sinV
        }
        func heads(_ v: Variable) throws -> Variable { try v.reshaped([b, t, nh, hd]).permuted([0, 2, 1, 3]) }
        let scale = 1 / Float(hd).squareRoot()
        for l in 0..<c.layers {
            let p = "h\(l)."
            let h = try x.layerNorm(weight: variable(p + "ln1.g"), bias: variable(p + "ln1.b"), eps: c.layerNormEps)
            let qkv = try h.reshaped([b * t, d]).matmul(variable(p + "attn.wqkv")) + variable(p + "attn.bqkv")
            var q = try heads(qkv.slice(axis: 1, start: 0, end: d))
            var k = try heads(qkv.slice(axis: 1, start: d, end: 2 * d))
            let v = try heads(qkv.slice(axis: 1, start: 2 * d, end: 3 * d))
            if c.positions == .rotary { q = try rope(q); k = try rope(k) }
            let scores = try q.matmul(k.transposed(-1, -2)) * scale + maskT
            let attn = try scores.softmax(axis: -1).matmul(v).permuted([0, 2, 1, 3]).reshaped([b * t, d])
            x = try x + (attn.matmul(variable(p + "attn.wo")) + variable(p + "attn.bo")).reshaped([b, t, d])
            let h2 = try x.layerNorm(weight: variable(p + "ln2.g"), bias: variable(p + "ln2.b"), eps: c.layerNormEps)
            let m = try (h2.reshaped([b * t, d]).matmul(variable(p + "mlp.w1")) + variable(p + "mlp.b1")).gelu()
            x = try x + (m.matmul(variable(p + "mlp.w2")) + variable(p + "mlp.b2")).reshaped([b, t, d])
        }
        let hf = try x.layerNorm(weight: variable("lnf.g"), bias: variable("lnf.b"), eps: c.layerNormEps).reshaped([b * t, d])
        let head = c.tiedHead ? try variable("wte").transposed() : try variable("lm_head")
        return try hf.matmul(head).reshaped([b, t, c.vocabularySize])
    }

    /// Mean next-token cross-entropy over the positions whose weight is non-zero.
    /// - Parameters:
    ///   - inputs: [B][T] token ids.
    ///   - targets: [B][T] ids to predict at each position.
    ///   - weights: [B][T] loss weights (nil: all 1), e.g. 1 on answer tokens only.
    public func loss(inputs: [[Int]], targets: [[Int]], weights: [[Float]]? = nil) throws -> Variable {
        let logits = try self.logits(inputs)
        let n = inputs.count * (inputs.first?.count ?? 0)
        guard targets.count == inputs.count, zip(targets, inputs).allSatisfy({ $0.count == $1.count }) else {
            throw LMError.argument("trainer: targets must have the inputs' shape")
        }
        let flatWeights = weights?.flatMap { $0 } ?? [Float](repeating: 1, count: n)
        guard flatWeights.count == n else { throw LMError.argument("trainer: weights must have the inputs' shape") }
        let total = flatWeights.reduce(0, +)
        guard total > 0 else { throw LMError.argument("trainer: every loss weight is zero") }
        let labels = try Tensor(shape: [n, 1], scalars: targets.flatMap { $0.map(Float.init) })
        let picked = try logits.reshaped([n, config.vocabularySize]).logSoftmax(axis: 1).gather(axis: 1, indices: labels)
        let w = try Tensor(shape: [n, 1], scalars: flatWeights.map { -$0 / total })
        return try (picked * w).sum()
    }
}
