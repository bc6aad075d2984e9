/// Element types. Float32 is the working type; the integer types exist for quantized storage.
///
/// Conversion rules (`Tensor.astype`): float → integer rounds half to even (like numpy's `round`),
/// then clamps to the type's range (int8 [-128, 127], uint8 [0, 255], int32 [-2^31, 2^31-1],
/// int4 [-8, 7]); NaN becomes 0. Integer → float is exact (int32 beyond 2^24 rounds to nearest).
public enum DType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float32, int8, uint8, int32
    /// Signed 4-bit, packed two per byte: element 2i in the low nibble, 2i+1 in the high nibble.
    case int4

    /// Bytes needed to store `count` elements (int4 rounds up to whole bytes).
    public func byteSize(count: Int) -> Int {
        switch self {
        case .float32, .int32: return count * 4
        case .int8, .uint8: return count
        case .int4: return (count + 1) / 2
        }
    }

    /// The representable range used for clamping, as Float.
    var range: (low: Float, high: Float) {
        switch self {
        case .float32: return (-Float.greatestFiniteMagnitude, Float.greatestFiniteMagnitude)
        case .int8: return (-128, 127)
        case .uint8: return (0, 255)
        case .int32: return (-2_147_483_648, 2_147_483_520)  // largest Float below 2^31
        case .int4: return (-8, 7)
        }
    }

    public var description: String { rawValue }
}
