// All parameters of a model in one aligned allocation, so the inference path can hand raw
// pointers to BLAS without per-call array bridging.

/// One contiguous Float buffer holding every parameter, with each name's offset.
final class WeightBuffer {
    let base: UnsafeMutablePointer<Float>
    let count: Int
    private(set) var offsets: [String: Int] = [:]
    let layerCount: Int

    init(config: GPTConfig, tensors: [String: [Float]]) {
        let shapes = config.parameterShapes
        layerCount = config.layers
        count = shapes.reduce(0) { $0 + $1.shape.reduce(1, *) }
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * 4, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        var offset = 0
        for (name, shape) in shapes {
            let n = shape.reduce(1, *)
            offsets[name] = offset
            if let values = tensors[name] {
                values.withUnsafeBufferPointer { src in
                    if let p = src.baseAddress { (base + offset).update(from: p, count: min(n, values.count)) }
                }
            }
            offset += n
        }
    }

    deinit { base.deallocate() }

    /// Pointers of one block's parameters, resolved once so the hot loop does no name lookups.
    struct Block {
        let ln1g, ln1b, wqkv, bqkv, wo, bo, ln2g, ln2b, w1, b1, w2, b2: UnsafeMutablePointer<Float>
    }

    /// Every block's pointers, in layer order.
    private(set) lazy var blocks: [Block] = (0..<layerCount).map { l in
        let p = "h\(l)."
        return Block(ln1g: pointer(p + "ln1.g"), ln1b: pointer(p + "ln1.b"), wqkv: pointer(p + "attn.wqkv"),
                     bqkv: pointer(p + "attn.bqkv"), wo: pointer(p + "attn.wo"), bo: pointer(p + "attn.bo"),
                     ln2g: pointer(p + "ln2.g"), ln2b: pointer(p + "ln2.b"), w1: pointer(p + "mlp.w1"),
                     b1: pointer(p + "mlp.b1"), w2: pointer(p + "mlp.w2"), b2: pointer(p + "mlp.b2"))
    }

    /// Pointer to the first element of parameter `name` (the name must be one of the config's).
    func pointer(_ name: String) -> UnsafeMutablePointer<Float> {
        base + (offsets[name] ?? 0)
    }
}
