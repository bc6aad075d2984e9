// The one canonical number format, so that reports are byte-stable across runs and
// machines. It follows C's `%g` (as Python's `format(x, "g")` does): fixed notation
// for exponents in [-4, digits), scientific otherwise, trailing zeros removed; plus
// integers printed in full, "-0" printed as "0", and nan/inf spelled in lower case.
//
// Rounding is delegated to the C library's `%e`/`%f`, which round the exact binary
// value correctly on both glibc and Darwin, so the output does not depend on the
// platform.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats `x` canonically for display.
///
/// - Integers with magnitude below 10^15 print in full, without ".0" (`3`, `-120`).
/// - Other values print with up to `digits` significant digits, trailing zeros
///   removed (`0.3333`, `1.5`), in scientific notation when the decimal exponent is
///   below -4 or at least `digits` (`1.2e-05`, `1.235e+04`).
/// - `-0` prints as `0`; NaN as `nan`; infinities as `inf` and `-inf`.
/// - Parameters:
///   - x: The value to format.
///   - digits: Significant digits for non-integers, clamped to 1...17.
/// - Returns: The formatted number.
public func formatNumber(_ x: Double, digits: Int = 4) -> String {
    if x.isNaN {
        return "nan"
    }
    if x.isInfinite {
        return x < 0 ? "-inf" : "inf"
    }
    if x == x.rounded(), abs(x) < 1e15 {
        return String(Int64(x))
    }
    let precision = max(1, min(digits, 17))
    let scientific = cFormat(x, conversion: "e", precision: precision - 1)
    // After rounding to `precision` digits the exponent may have moved up (9.99996 → 1.000e+01).
    guard let eIndex = scientific.firstIndex(of: "e"),
          let exponent = Int(scientific[scientific.index(after: eIndex)...]) else {
        return scientific
    }
    let result: String
    if exponent < -4 || exponent >= precision {
        let mantissa = stripTrailingZeros(String(scientific[..<eIndex]))
        let sign = exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent)
        let exponentText = magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        result = mantissa + "e" + sign + exponentText
    } else {
        result = stripTrailingZeros(cFormat(x, conversion: "f", precision: precision - 1 - exponent))
    }
    return result == "-0" ? "0" : result
}

/// Removes trailing zeros after a decimal point, and the point itself if nothing is left.
private func stripTrailingZeros(_ s: String) -> String {
    guard s.contains(".") else { return s }
    var text = Substring(s)
    while text.last == "0" {
        text = text.dropLast()
    }
    if text.last == "." {
        text = text.dropLast()
    }
    return String(text)
}

/// `snprintf(buffer, "%.<precision><conversion>", x)`.
private func cFormat(_ x: Double, conversion: Character, precision: Int) -> String {
    let format = "%.\(precision)\(conversion)"
    var buffer = [CChar](repeating: 0, count: 400)
    let count = buffer.withUnsafeMutableBufferPointer { pointer in
        withVaList([x]) { arguments in
            vsnprintf(pointer.baseAddress, pointer.count, format, arguments)
        }
    }
    guard count > 0 else { return "" }
    let bytes = buffer.prefix(min(Int(count), buffer.count - 1)).map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
