// "Nice" axis ticks in the spirit of Heckbert ("Nice numbers for graph labels",
// Graphics Gems, 1990): steps of 1, 2 or 5 × 10^k that cover the data range with a
// handful of labels.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Tick values covering `[low, high]` with steps of 1, 2 or 5 × 10^k.
///
/// The first tick is at or below `low` and the last at or above `high`, so the ticks
/// also give the axis extent. A degenerate range (low == high) is widened by one unit
/// on each side (or by 10% of the value's magnitude).
/// - Parameters:
///   - low: The smallest data value.
///   - high: The largest data value.
///   - maxCount: About how many ticks to aim for (at least 2).
/// - Returns: Increasing tick values; empty if a bound is not finite.
public func niceTicks(low: Double, high: Double, maxCount: Int = 6) -> [Double] {
    guard low.isFinite, high.isFinite else { return [] }
    var low = min(low, high)
    var high = max(low, high)
    if low == high {
        let spread = low == 0 ? 1 : abs(low) * 0.1
        low -= spread
        high += spread
    }
    let count = max(2, maxCount)
    // Start from the nice step just below range/(count-1) and take the first step
    // in the 1-2-5 sequence whose ticks number at most `count`: the tightest
    // covering axis, instead of Heckbert's looser one that can double the extent.
    let rawStep = (high - low) / Double(count - 1)
    // Ranges that overflow or underflow Double (±1e308, subnormals) get plain end ticks.
    guard rawStep.isFinite, rawStep.isNormal, rawStep > 0 else { return [low, high] }
    var (fraction, exponent) = niceStepBelow(rawStep)
    while true {
        let step = stepValue(1, fraction, exponent)
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        guard first.magnitude < 1e15, last.magnitude < 1e15 else { return [low, high] }
        if Int(last - first) + 1 <= count {
            return stride(from: Int64(first), through: Int64(last), by: 1).map { stepValue($0, fraction, exponent) }
        }
        switch fraction {
        case 1:
            fraction = 2
        case 2:
            fraction = 5
        default:
            fraction = 1
            exponent += 1
        }
    }
}

/// `k × fraction × 10^exponent`, computed so that decimal ticks come out exact
/// (3 × 0.1 gives 0.3, not 0.30000000000000004): divide by 10^-e instead of
/// multiplying by an inexact 10^e.
private func stepValue(_ k: Int64, _ fraction: Double, _ exponent: Int) -> Double {
    let mantissa = Double(k) * fraction
    if exponent >= 0 {
        return mantissa * power10(exponent)
    }
    return mantissa / power10(-exponent)
}

private func power10(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent {
        result *= 10
    }
    return result
}

/// The largest step of the form {1, 2, 5} × 10^e that is at most `x`.
private func niceStepBelow(_ x: Double) -> (fraction: Double, exponent: Int) {
    var exponent = Int(log10(x).rounded(.down))
    // log10 can land just below an exact power of ten; step up if so.
    if pow10(exponent + 1) <= x {
        exponent += 1
    }
    let ratio = x / pow10(exponent)
    if ratio >= 5 {
        return (5, exponent)
    }
    if ratio >= 2 {
        return (2, exponent)
    }
    return (1, exponent)
}

private func pow10(_ exponent: Int) -> Double {
    exponent >= 0 ? power10(exponent) : 1 / power10(-exponent)
}
