// How the series of a line or scatter plot are told apart without colour: a marker
// character in text, a marker shape and a dash pattern in SVG. Colour (ANSI in the
// terminal, the palette in SVG) comes on top of these, never instead of them, because a
// Markdown report, NO_COLOR and a printout have no colour at all.
//
// Why ASCII markers and not •, ×, ○, ◆, ▲: every one of those is East Asian *Ambiguous*
// width (EastAsianWidth.txt class A). `displayWidth` counts them as 1, but terminals
// set up for Korean (cp949 locales, PuTTY/iTerm2/Windows Terminal with "ambiguous =
// wide") draw them 2 columns wide, which shifts the rest of the plot row and breaks the
// Hangul alignment our users rely on. The neutral-width alternatives (◦, ⨯, ⬥, ▴) are
// missing from many monospace fonts, and the fallback font GitHub or a terminal picks
// may be proportional, which misaligns the row just the same. ASCII is one column in
// every terminal and every font, and o x + * # ^ @ % are visually distinct from each
// other and from the light braille dots they sit on.

enum SeriesStyle {
    /// Text markers, one per series in legend order (cycled after eight series).
    static let textMarkers: [Character] = ["o", "x", "+", "*", "#", "^", "@", "%"]

    /// The marker for a cell where markers of two or more different series land: the
    /// reader learns that the series meet there, and no series silently hides another
    /// (which "later series wins" would do). "&" reads as "and" and is no series' marker.
    static let overlapMarker: Character = "&"

    /// The legend text for `overlapMarker`.
    static let overlapName = "overlap"

    /// The braille block a single series is keyed with (its line is unmarked).
    static let singleSeriesSymbol: Character = "⣿"

    static func textMarker(_ index: Int) -> Character {
        textMarkers[index % textMarkers.count]
    }

    /// SVG marker shapes in the same order as `textMarkers`; the first six mirror the
    /// characters (o circle, x cross, + plus, * asterisk, # square, ^ triangle).
    enum Shape: CaseIterable {
        case circle, cross, plus, asterisk, square, triangle, diamond, triangleDown
    }

    static func shape(_ index: Int) -> Shape {
        Shape.allCases[index % Shape.allCases.count]
    }

    /// SVG `stroke-dasharray` values for line series: solid, dashed, dotted, dash-dot,
    /// long dash, dash-dot-dot. Same length as the colour palette, so colour and dash
    /// cycle together and the marker shape (eight) still separates series 1 and 7.
    static let dashPatterns: [String?] = [nil, "7 4", "2 3", "9 3 2 3", "14 4", "7 3 2 3 2 3"]

    static func dashPattern(_ index: Int) -> String? {
        dashPatterns[index % dashPatterns.count]
    }
}
