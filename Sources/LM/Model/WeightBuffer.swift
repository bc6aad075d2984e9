// All parameters of a model in one aligned allocation, so the inference path can hand raw
// pointers to BLAS without per-call array bridging.

/// One contiguous Float buffer holding every parameter, with each name's offset.
final class WeightBuffer {
    let base: UnsafeMutablePointer<Float>
    let count: Int
    private(set) var offsets: [String: Int] = [:]

    init(config: GPTConfig, tensors: [String: [Float]]) {
        let shapes = config.parameterShapes
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

    /// Pointer to the first element of parameter `name` (the name must be one of the config's).
    func pointer(_ name: String) -> UnsafeMutablePointer<Float> {
        base + (offsets[name] ?? 0)
    }
}
