// numpy-style printing: `tensor([[1.0, 2.0], [3.0, 4.0]], shape [2, 2])`.
//
// Numbers use 4 significant digits in a fixed format (so output is stable across platforms);
// axes longer than 6 show the first and last 3 entries around "...".
import Foundation

extension Tensor: CustomStringConvertible {
    /// Formats one value with 4 significant digits: "1.0", "0.1235", "1.235e+05", "nan", "inf".
    public static func format(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == 0 { return v.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = Swift.abs(v)
        if magnitude >= 1e5 || magnitude < 1e-4 {
            return String(format: "%.3e", Double(v))
        }
        if v == v.rounded() && magnitude < 1e5 { return String(format: "%.1f", Double(v)) }
        let digits = Swift.max(0, 3 - Int(Foundation.floor(Foundation.log10(Double(magnitude)))))
        var text = String(format: "%.\(digits)f", Double(v))
        // Trim trailing zeros but keep one digit after the point.
        while text.hasSuffix("0"), let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 2 {
            text.removeLast()
        }
        return text
    }

    /// Edge items shown per axis before eliding with "...".
    static let edgeItems = 3

    public var description: String {
        let body = Tensor.render(self, axis: 0, offset: offset)
        let dtypeText = dtype == .float32 ? "" : ", dtype \(dtype)"
        return "tensor(\(body), shape \(shapeText(shape))\(dtypeText))"
    }

    static func render(_ t: Tensor, axis: Int, offset: Int) -> String {
        if t.rank == 0 { return format(t.load(offset)) }
        let n = t.shape[axis]
        let indices: [Int?] = n > 2 * edgeItems
            ? Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
            : Array(0..<n)
        let parts = indices.map { index -> String in
            guard let i = index else { return "..." }
            let o = offset + i * t.strides[axis]
            return axis == t.rank - 1 ? format(t.load(o)) : render(t, axis: axis + 1, offset: o)
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}
