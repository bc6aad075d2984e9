import Foundation

// The one-line progress bar a terminal shows while long native work runs:
//   train  ████████▌░░░░░░░  53%  16/30 · 4.1/s · ETA 3s

/// A progress bar with count, rate and estimated time left.
public enum ProgressLine {
    /// The line for `done` of `total` units of `task` after `elapsed` seconds, at most `width` columns.
    public static func render(task: String, done: Int, total: Int, elapsed: Double, width: Int = 80) -> String {
        let fraction = total > 0 ? min(max(Double(done) / Double(total), 0), 1) : 0
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var tail = "\(Int((fraction * 100).rounded(.down)))%  \(done)/\(total)"
        if rate > 0 {
            tail += " · " + rateText(rate)
            if done < total { tail += " · ETA " + duration(Double(total - done) / rate) }
        }
        let barWidth = max(10, min(30, width - displayWidth(task) - displayWidth(tail) - 6))
        return "\(task)  \(bar(fraction, width: barWidth))  \(tail)"
    }

    /// A bar of `width` cells in eighths of a block.
    static func bar(_ fraction: Double, width: Int) -> String {
        let eighths = Int((fraction * Double(width * 8)).rounded(.down))
        let full = eighths / 8, partial = eighths % 8
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var text = String(repeating: "█", count: full)
        if full < width { text += partials[partial] + String(repeating: "░", count: width - full - (partial > 0 ? 1 : 0)) }
        return text
    }

    /// "4.1/s", "250/s", "0.2/s".
    static func rateText(_ rate: Double) -> String {
        rate >= 100 ? "\(Int(rate.rounded()))/s" : String(format: "%.1f/s", rate)
    }

    /// "3s", "2m05s", "1h02m".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
