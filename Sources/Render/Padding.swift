// Padding and truncation measured in terminal columns rather than characters.

/// Horizontal alignment of text inside a fixed-width field.
public enum Alignment: Sendable, Equatable {
    /// Text at the start of the field, padding after it.
    case left
    /// Text at the end of the field (numbers).
    case right
    /// Text in the middle; the odd space goes to the right.
    case center
}

/// Pads `s` with spaces to `width` terminal columns (no-op if it is already wider).
/// - Parameters:
///   - s: The text to pad.
///   - width: The target width in columns, as measured by `displayWidth`.
///   - alignment: Where the text sits in the field; `.center` puts the odd space on the right.
/// - Returns: The padded text.
public func pad(_ s: String, toWidth width: Int, alignment: Alignment = .left) -> String {
    let missing = width - displayWidth(s)
    guard missing > 0 else { return s }
    switch alignment {
    case .left:
        return s + String(repeating: " ", count: missing)
    case .right:
        return String(repeating: " ", count: missing) + s
    case .center:
        let left = missing / 2
        return String(repeating: " ", count: left) + s + String(repeating: " ", count: missing - left)
    }
}

/// Cuts `s` so that it fits in `width` columns, ending with "…" when anything was cut.
///
/// A wide character never gets split: if it would straddle the limit it is dropped and
/// the result may be one column narrower than `width`.
/// - Parameters:
///   - s: The text to shorten.
///   - width: The largest allowed width in columns.
/// - Returns: `s` itself when it fits, otherwise a prefix plus "…".
public func truncate(_ s: String, toWidth width: Int) -> String {
    guard width > 0 else { return "" }
    if displayWidth(s) <= width {
        return s
    }
    var result = ""
    var used = 0
    for character in s {
        let w = displayWidth(of: character)
        if used + w > width - 1 {
            break
        }
        result.append(character)
        used += w
    }
    return result + "…"
}
