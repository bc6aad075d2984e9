import TensorCore

/// numpy-style printing for the REPL and notebooks: one row per line, columns aligned,
/// long axes elided around "..." (first and last 3), shape (and dtype) at the end.
///
///     tensor([[ 1.0, -2.5],
///             [ 3.0,  4.0]], shape [2, 2])
extension TensorValue {
    static let edgeItems = 3

    static func pretty(_ tensor: Tensor) -> String {
        let dtype = tensor.dtype == .float32 ? "" : ", dtype \(tensor.dtype)"
        let tail = ", shape \(tensor.shape)\(dtype))"
        guard tensor.rank >= 1 else { return "tensor(\(Tensor.format(tensor.scalars.first ?? 0))\(tail)" }
        let values = tensor.scalars
        // Strings of every printed element, to find the common width.
        var width = 0
        func shown(_ n: Int) -> [Int?] {
            n > 2 * edgeItems ? Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n) : Array(0..<n)
        }
        let strides = (0..<tensor.rank).map { tensor.shape[($0 + 1)...].reduce(1, *) }
        func collect(_ axis: Int, _ offset: Int) {
            for index in shown(tensor.shape[axis]) {
                guard let i = index else { continue }
                if axis == tensor.rank - 1 {
                    width = max(width, Tensor.format(values[offset + i]).count)
                } else {
                    collect(axis + 1, offset + i * strides[axis])
                }
            }
        }
        collect(0, 0)
        let indent = "tensor(".count
        func render(_ axis: Int, _ offset: Int) -> String {
            let items = shown(tensor.shape[axis]).map { index -> String in
                guard let i = index else { return "..." }
                if axis == tensor.rank - 1 {
                    let text = Tensor.format(values[offset + i])
                    return String(repeating: " ", count: width - text.count) + text
                }
                return render(axis + 1, offset + i * strides[axis])
            }
            if axis == tensor.rank - 1 { return "[" + items.joined(separator: ", ") + "]" }
            // Rows break lines; deeper blocks add a blank line between them, as numpy does.
            let gap = String(repeating: "\n", count: tensor.rank - axis - 1)
            let pad = String(repeating: " ", count: indent + axis + 1)
            return "[" + items.joined(separator: "," + gap + pad) + "]"
        }
        return "tensor(" + render(0, 0) + tail
    }
}
