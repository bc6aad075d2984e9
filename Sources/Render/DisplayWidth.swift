// Terminal column width of text, so that Korean (and other East Asian) text aligns.
//
// Width is measured per grapheme cluster (what a user sees as one character), the
// way modern terminals lay text out: the cluster's first scalar decides (East Asian
// Wide/Fullwidth = 2, otherwise 1); joiners, combining marks and variation
// selectors that follow it add nothing. The tables below follow Unicode's
// EastAsianWidth.txt (W and F classes) in condensed ranges.

/// The number of terminal columns `s` occupies.
///
/// Hangul syllables and Jamo, CJK ideographs, kana, fullwidth forms and most emoji
/// count 2; combining marks, zero-width joiners and other format characters count 0;
/// everything else counts 1.
/// - Parameter s: The text to measure.
/// - Returns: The width in columns.
public func displayWidth(_ s: String) -> Int {
    var total = 0
    for character in s {
        total += displayWidth(of: character)
    }
    return total
}

/// The number of terminal columns one grapheme cluster occupies (0, 1 or 2).
func displayWidth(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    let base = scalarWidth(first)
    if base == 0 {
        return 0
    }
    // An emoji-presentation selector (U+FE0F) turns a text-style symbol such as
    // U+2764 (heart) into a two-column emoji; a flag is a pair of regional indicators.
    if base == 1, scalars.count > 1 {
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji {
            return 2
        }
        if (0x1F1E6...0x1F1FF).contains(first.value) {
            return 2
        }
    }
    return base
}

/// The width of a single scalar taken on its own.
func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x7F {
        return value < 0x20 ? 0 : 1
    }
    if isZeroWidth(scalar) {
        return 0
    }
    return isWide(value) ? 2 : 1
}

private func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    // Hangul medial vowels and final consonants combine with a preceding initial.
    if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) {
        return true
    }
    if value == 0x200B || value == 0x200C || value == 0x200D || value == 0x2060 || value == 0xFEFF {
        return true
    }
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .control, .format:
        return true
    default:
        return false
    }
}

/// East Asian Wide (W) and Fullwidth (F) ranges, sorted, for binary search.
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0,
    0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F,
    0x2693...0x2693, 0x26A1...0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5,
    0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
    0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B, 0x2728...0x2728,
    0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
    0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
    0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
    0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
    0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
    0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F2FF,
    0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
    0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440...0x1F440,
    0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A...0x1F57A,
    0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC...0x1F6CC,
    0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
    0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
    0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
]

private func isWide(_ value: UInt32) -> Bool {
    var low = 0
    var high = wideRanges.count - 1
    while low <= high {
        let middle = (low + high) / 2
        let range = wideRanges[middle]
        if value < range.lowerBound {
            high = middle - 1
        } else if value > range.upperBound {
            low = middle + 1
        } else {
            return true
        }
    }
    return false
}
