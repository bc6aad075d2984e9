import Foundation

extension Builtins {
    /// `texts` joined by `separator`, copied once into a string of the exact size
    /// (`Array.joined` appends piece by piece, several times slower for many short pieces).
    static func joined(_ texts: [String], separator: String) -> String {
        guard texts.count > 1 else { return texts.first ?? "" }
        var separator = separator
        let total = texts.reduce(0) { $0 + $1.utf8.count } + separator.utf8.count * (texts.count - 1)
        return separator.withUTF8 { sep in
            String(unsafeUninitializedCapacity: total) { out in
                var at = 0
                func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
                    (out.baseAddress! + at).update(from: base, count: bytes.count)
                    at += bytes.count
                }
                for (i, text) in texts.enumerated() {
                    if i > 0 { put(sep) }
                    var text = text
                    text.withUTF8 { put($0) }
                }
                return at
            }
        }
    }

    /// Number of characters (grapheme clusters) of `s`, as `len` reports it. Text that is
    /// ASCII without "\r" has one character per byte, found with a scan that vectorises;
    /// anything else is counted by Swift's grapheme breaking.
    static func characterCount(_ s: String) -> Int {
        var s = s
        let simple = s.withUTF8 { bytes -> Bool in
            var high: UInt8 = 0, carriageReturns = 0
            for byte in bytes {
                high |= byte
                carriageReturns &+= byte == 13 ? 1 : 0
            }
            return high < 128 && carriageReturns == 0
        }
        return simple ? s.utf8.count : s.count
    }

    static func installStrings(_ it: Interpreter) {
        it.define("join", doc: "Joins the elements' text with `sep` between them.",
                  params: [NativeParam("values"), NativeParam("sep", default: "")]) { args in
            let sep = try args.string("sep")
            return .string(joined(try elements(try args["values"], "join").map(\.text), separator: sep))
        }
        it.define("split", doc: "Splits a string at each `sep` (at runs of whitespace when sep is nil).",
                  params: [NativeParam("text"), NativeParam("sep", default: .nil)]) { args in
            let s = try args.string("text")
            if case .nil = try args["sep"] {
                return .list(ListBox(s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { .string(String($0)) }))
            }
            let sep = try args.string("sep")
            guard !sep.isEmpty else { throw RuntimeError("split: the separator can't be empty.") }
            return .list(ListBox(s.components(separatedBy: sep).map { .string($0) }))
        }
        it.define("format", doc: "Formats a value with a spec like \".3f\", \".2e\", \">8\", \",\".",
                  params: [NativeParam("value"), NativeParam("spec")]) { args in
            .string(try FormatSpec.apply(try args.string("spec"), to: try args["value"]))
        }
        it.define("upper", doc: "The string in upper case.", params: [NativeParam("text")]) { args in
            .string(try args.string("text").uppercased())
        }
        it.define("lower", doc: "The string in lower case.", params: [NativeParam("text")]) { args in
            .string(try args.string("text").lowercased())
        }
        it.define("trim", doc: "The string without leading and trailing whitespace.", params: [NativeParam("text")]) { args in
            .string(try args.string("text").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        it.define("replace", doc: "The string with every `old` replaced by `new`.",
                  params: [NativeParam("text"), NativeParam("old"), NativeParam("new")]) { args in
            .string(try args.string("text").replacingOccurrences(of: try args.string("old"), with: try args.string("new")))
        }
        it.define("starts_with", doc: "Whether the string starts with `prefix`.", params: [NativeParam("text"), NativeParam("prefix")]) { args in
            .bool(try args.string("text").hasPrefix(try args.string("prefix")))
        }
        it.define("ends_with", doc: "Whether the string ends with `suffix`.", params: [NativeParam("text"), NativeParam("suffix")]) { args in
            .bool(try args.string("text").hasSuffix(try args.string("suffix")))
        }
        it.define("pad", doc: "Pads text to `width` columns (align \"<\", \">\" or \"^\").",
                  params: [NativeParam("value"), NativeParam("width"), NativeParam("align", default: "<")]) { args in
            .string(try FormatSpec.apply("\(try args.string("align"))\(try args.int("width"))", to: .string(try args["value"].text)))
        }
    }
}
