// ANSI SGR escapes; used only when a renderer is asked for colour.

enum ANSI {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let dim = "\u{1B}[2m"

    /// Foreground colours for plot series, in legend order (cycled).
    static let seriesColors = ["\u{1B}[34m", "\u{1B}[31m", "\u{1B}[32m", "\u{1B}[33m",
                               "\u{1B}[35m", "\u{1B}[36m"]

    /// 256-colour foregrounds for the five heatmap shades, dark purple to yellow
    /// (a coarse viridis), so colour and shade tell the same story.
    static let heatColors = ["\u{1B}[38;5;54m", "\u{1B}[38;5;61m", "\u{1B}[38;5;30m",
                             "\u{1B}[38;5;71m", "\u{1B}[38;5;184m"]

    static func seriesColor(_ index: Int) -> String {
        seriesColors[index % seriesColors.count]
    }
}
