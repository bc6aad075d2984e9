import Interpreter
import Render

/// A table, equation or plot inside the language. The host renders it: Unicode text
/// in a terminal, GFM Markdown (and optionally SVG) in a report.
public final class DisplayValue: NativeObject {
    public let display: any Display
    public let typeName: String

    public init(_ display: any Display, typeName: String) {
        self.display = display
        self.typeName = typeName
    }

    public var fieldNames: [String] { ["markdown", "text", "svg"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "markdown": return .string(display.markdown())
        case "text": return .string(display.terminal(width: 80, color: false))
        case "svg": return display.svg().map(Value.string) ?? .nil
        default: return nil
        }
    }

    public func describe(maxWidth: Int) -> String { display.terminal(width: maxWidth, color: false) }
}
