// The decoder's view of a network's parameters: every tensor it reads, packed into aligned
// allocations in the layout its kernels want — vectors as they are, Float32 matrices (in, out)
// as 16-column panels (`DecoderKernels.panels(of:)`), a tied head as the embedding transposed
// — and derived from the network, never edited on its own. Any layer that presents a
// Float32 matrix (`MatrixLayer`: Linear, quantized, fake-quantized, factorised) is packed as the
// matrix it computes with, so a compressed network decodes exactly as its forward pass computes;
// a layer that runs on the integer kernels (`IntegerMatrixLayer`: W8A8, W4A8) keeps its integer
// weights, and the decoder calls the same kernel its forward pass does.
//
// Freshness: `ModelEdits.count` moves on every parameter or layer change anywhere; while it
// stands still the pack is current (one comparison per forward). When it moves, the network's
// parameter identities and versions are compared with those the pack was made from, and the
// pack is rebuilt only if they differ.
import NN
import TensorCore

/// Packed, derived inference weights of one network.
final class DecoderWeights {
    /// Pointers of one block's parameters, resolved at packing so the hot loop does no lookups.
    struct Block {
        let ln1g, ln1b, bqkv, bo, ln2g, ln2b, b1, b2: UnsafeMutablePointer<Float>
        let wqkv, wo, w1, w2: DecoderMatrix
    }

    private var base: UnsafeMutablePointer<Float>?
    private(set) var blocks: [Block] = []
    private(set) var wte: UnsafeMutablePointer<Float>!
    private(set) var wpe: UnsafeMutablePointer<Float>?
    private(set) var lnfg: UnsafeMutablePointer<Float>!, lnfb: UnsafeMutablePointer<Float>!
    /// The head: its own matrix, or for a tied head the embedding transposed into one, so that
    /// the logits go through the same kernels as every other product.
    private(set) var head: DecoderMatrix!
    private var packedAt = -1
    private var fingerprint: [(ObjectIdentifier, Int)] = []
    /// Why the network at `packedAt` cannot be packed, remembered so that each token does not
    /// try again.
    private var unsupported: Unsupported?

    /// A network with a layer the fast kernels do not run (an adapter, an expert layer, a
    /// different activation or norm): the model then decodes through its own forward pass.
    struct Unsupported: Error {
        let reason: String
    }

    /// The Float32 matrices as panels (`DecoderKernels.panels(of:)`), their only copy.
    private var panelBase: UnsafeMutablePointer<Float>?

    deinit {
        base?.deallocate()
        panelBase?.deallocate()
        rotaryCos?.deallocate()
        rotarySin?.deallocate()
    }

    /// Rotary cos and sin tables (`Rotary.table`) of positions 0 ..< `rotaryPositions`, half a
    /// head per position, row after row: each position's angles are computed once (two libm
    /// calls per entry), not at every step that attends from it.
    private var rotaryCos: UnsafeMutablePointer<Float>?, rotarySin: UnsafeMutablePointer<Float>?
    private var rotaryPositions = 0
    private var rotaryKey: (headDim: Int, base: Float) = (0, 0)

    /// The cos and sin rows of positions `first ..< first + count`, contiguous (row t at
    /// offset (t − first)·headDim/2); valid until the next call.
    func rotary(positions first: Int, count: Int, headDim: Int, base: Float) -> (cos: UnsafePointer<Float>, sin: UnsafePointer<Float>) {
        let half = headDim / 2, needed = first + count
        if rotaryKey != (headDim, base) {
            rotaryKey = (headDim, base)
            rotaryPositions = 0
        }
        if needed > rotaryPositions {
            let capacity = max(128, needed * 2)
            let cos = UnsafeMutablePointer<Float>.allocate(capacity: max(capacity * half, 1))
            let sin = UnsafeMutablePointer<Float>.allocate(capacity: max(capacity * half, 1))
            if let old = rotaryCos, let oldSin = rotarySin {
                cos.update(from: old, count: rotaryPositions * half)
                sin.update(from: oldSin, count: rotaryPositions * half)
                old.deallocate()
                oldSin.deallocate()
            }
            for t in rotaryPositions..<capacity {
                Rotary.table(position: t, headDim: headDim, base: base, cos: cos + t * half, sin: sin + t * half)
            }
            rotaryCos = cos
            rotarySin = sin
            rotaryPositions = capacity
        }
        return (UnsafePointer(rotaryCos! + first * half), UnsafePointer(rotarySin! + first * half))
    }

    /// Makes the pack current for `network` (see the file comment); cheap when nothing changed.
    /// - Throws: `Unsupported` when the network has a layer the kernels cannot run.
    func refresh(from network: GPT) throws {
        if packedAt == ModelEdits.count {
            if let unsupported { throw unsupported }
            if base != nil { return }
        }
        let now = network.namedParameters().map { (ObjectIdentifier($0.1), $0.1.version) }
        if base == nil || unsupported != nil || now.count != fingerprint.count || zip(now, fingerprint).contains(where: { $0 != $1 }) {
            do {
                try pack(network)
                unsupported = nil
            } catch let error as Unsupported {
                unsupported = error
                packedAt = ModelEdits.count
                throw error
            }
            fingerprint = now
        }
        packedAt = ModelEdits.count
    }

    private func pack(_ network: GPT) throws {
        let c = network.config
        // Gather every tensor first (any failure leaves the old pack intact).
        var tensors: [Tensor] = []
        var integerMatrices: [Int: any IntegerMatrix] = [:]
        var floatMatrices: [Int: (w: Tensor, k: Int, n: Int)] = [:]  // [in, out], packed as panels below
        func add(_ t: Tensor) -> Int { tensors.append(t); return tensors.count - 1 }
        func matrix(_ layer: any Module, _ path: String, inputs: Int, outputs: Int) throws -> (Int, Int) {
            if let m = layer as? any IntegerMatrixLayer {
                guard m.inFeatures == inputs, m.outFeatures == outputs else {
                    throw LMError.argument("decoder: \(path) maps \(m.inFeatures) → \(m.outFeatures), expected \(inputs) → \(outputs)")
                }
                let slot = add(try Tensor.zeros([0]))
                integerMatrices[slot] = m.integerMatrix
                return (slot, add(try m.effectiveBias ?? Tensor.zeros([outputs])))
            }
            guard let m = layer as? any MatrixLayer else {
                throw Unsupported(reason: "\(path) is a \(layer.summaryName), not a matrix layer")
            }
            let w = try m.effectiveWeight()
            guard w.shape == [outputs, inputs] else {
                throw LMError.argument("decoder: \(path) has weight \(w.shape), expected [\(outputs), \(inputs)]")
            }
            let b = try m.effectiveBias ?? Tensor.zeros([outputs])
            let slot = add(try Tensor.zeros([0]))
            floatMatrices[slot] = (w.transposed().contiguous(), inputs, outputs)
            return (slot, add(b))
        }
        func norm(_ layer: any Module, _ path: String) throws -> (Int, Int) {
            guard let ln = layer as? LayerNorm else {
                throw Unsupported(reason: "\(path) is a \(layer.summaryName), not a LayerNorm")
            }
            return (add(ln.weight.value.astype(.float32)), add(ln.bias.value.astype(.float32)))
        }
        let d = c.width, f = c.mlpWidth
        let wteIndex = add(network.tokenEmbedding.weight.value.astype(.float32))
        let wpeIndex = network.positionEmbedding.map { add($0.weight.value.astype(.float32)) }
        var blockIndices: [[Int]] = []
        for l in 0..<c.layers {
            let block = network.block(l), p = "h.\(l)."
            guard let attn = block.attn as? CausalSelfAttention, attn.headMask == nil,
                  let mlp = block.mlp as? MLPBlock, mlp.activation is GELU else {
                throw Unsupported(reason: "block \(l) is not causal attention + a GELU MLP")
            }
            let (ln1g, ln1b) = try norm(block.ln1, p + "ln1")
            let (wqkv, bqkv) = try matrix(attn.qkv, p + "attn.qkv", inputs: d, outputs: 3 * d)
            let (wo, bo) = try matrix(attn.proj, p + "attn.proj", inputs: d, outputs: d)
            let (ln2g, ln2b) = try norm(block.ln2, p + "ln2")
            let (w1, b1) = try matrix(mlp.fc1, p + "mlp.fc1", inputs: d, outputs: f)
            let (w2, b2) = try matrix(mlp.fc2, p + "mlp.fc2", inputs: f, outputs: d)
            blockIndices.append([ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, w1, b1, w2, b2])
        }
        let (lnfgIndex, lnfbIndex) = try norm(network.finalNorm, "ln_f")
        let headIndex: Int
        if let untied = network.head {
            headIndex = try matrix(untied, "lm_head", inputs: d, outputs: c.vocabularySize).0
        } else {
            // Tied: logits = h · wteᵀ, so the embedding [vocab, width] is packed transposed.
            headIndex = add(try Tensor.zeros([0]))
            floatMatrices[headIndex] = (network.tokenEmbedding.weight.value.astype(.float32).transposed().contiguous(), d, c.vocabularySize)
        }

        // Copy the vectors into one 64-byte-aligned buffer.
        let total = tensors.reduce(0) { $0 + $1.count }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(total, 1) * 4, alignment: 64)
        let buffer = raw.bindMemory(to: Float.self, capacity: max(total, 1))
        var pointers: [UnsafeMutablePointer<Float>] = []
        var offset = 0
        for t in tensors {
            let scalars = t.scalars
            scalars.withUnsafeBufferPointer { if let src = $0.baseAddress { (buffer + offset).update(from: src, count: scalars.count) } }
            pointers.append(buffer + offset)
            offset += scalars.count
        }
        // The Float32 matrices as panels, in a second one.
        let panelTotal = floatMatrices.values.reduce(0) { $0 + DecoderKernels.panelFloats(k: $1.k, n: $1.n) }
        let panelRaw = UnsafeMutableRawPointer.allocate(byteCount: max(panelTotal, 1) * 4, alignment: 64)
        let panelBuffer = panelRaw.bindMemory(to: Float.self, capacity: max(panelTotal, 1))
        var panelPointers: [Int: UnsafeMutablePointer<Float>] = [:]
        var panelOffset = 0
        for (i, m) in floatMatrices.sorted(by: { $0.key < $1.key }) {
            m.w.scalars.withUnsafeBufferPointer {
                DecoderKernels.panels(of: $0.baseAddress!, k: m.k, n: m.n, into: panelBuffer + panelOffset)
            }
            panelPointers[i] = panelBuffer + panelOffset
            panelOffset += DecoderKernels.panelFloats(k: m.k, n: m.n)
        }
        func weight(_ i: Int) -> DecoderMatrix {
            integerMatrices[i].map { .integer($0) } ?? .float(panels: panelPointers[i]!)
        }
        base?.deallocate()
        base = buffer
        panelBase?.deallocate()
        panelBase = panelBuffer
        wte = pointers[wteIndex]
        wpe = wpeIndex.map { pointers[$0] }
        blocks = blockIndices.map { i in
            Block(ln1g: pointers[i[0]], ln1b: pointers[i[1]], bqkv: pointers[i[3]], bo: pointers[i[5]],
                  ln2g: pointers[i[6]], ln2b: pointers[i[7]], b1: pointers[i[9]], b2: pointers[i[11]],
                  wqkv: weight(i[2]), wo: weight(i[4]), w1: weight(i[8]), w2: weight(i[10]))
        }
        lnfg = pointers[lnfgIndex]
        lnfb = pointers[lnfbIndex]
        head = weight(headIndex)
    }
}

/// A weight matrix as the decoder multiplies by it.
enum DecoderMatrix {
    /// Float32 as `DecoderKernels.panels(of:)` lays it out: one copy serves one row (decoding)
    /// and many (verification, prefill).
    case float(panels: UnsafeMutablePointer<Float>)
    /// Integer codes the integer kernels read ([out, in]), with the input quantized per token.
    case integer(any IntegerMatrix)
}
