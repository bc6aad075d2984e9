import Foundation

extension Builtins {
    static func installStrings(_ it: Interpreter) {
        it.define("join", doc: "Joins the elements' text with `sep` between them.",
                  params: [NativeParam("values"), NativeParam("sep", default: "")]) { args in
            .string(try elements(args[0], "join").map(\.text).joined(separator: try args.string(1, "sep")))
        }
        it.define("split", doc: "Splits a string at each `sep` (at runs of whitespace when sep is nil).",
                  params: [NativeParam("text"), NativeParam("sep", default: .nil)]) { args in
            let s = try args.string(0, "text")
            if case .nil = args[1] {
                return .list(ListBox(s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { .string(String($0)) }))
            }
            let sep = try args.string(1, "sep")
            guard !sep.isEmpty else { throw RuntimeError("split: the separator can't be empty.") }
            return .list(ListBox(s.components(separatedBy: sep).map { .string($0) }))
        }
        it.define("format", doc: "Formats a value with a spec like \".3f\", \".2e\", \">8\", \",\".",
                  params: [NativeParam("value"), NativeParam("spec")]) { args in
            .string(try FormatSpec.apply(try args.string(1, "spec"), to: args[0]))
        }
        it.define("upper", doc: "The string in upper case.", params: [NativeParam("text")]) { args in
            .string(try args.string(0, "text").uppercased())
        }
        it.define("lower", doc: "The string in lower case.", params: [NativeParam("text")]) { args in
            .string(try args.string(0, "text").lowercased())
        }
        it.define("trim", doc: "The string without leading and trailing whitespace.", params: [NativeParam("text")]) { args in
            .string(try args.string(0, "text").trimmingCharacters(in: .whitespacesAndNewlines))
        }
        it.define("replace", doc: "The string with every `old` replaced by `new`.",
                  params: [NativeParam("text"), NativeParam("old"), NativeParam("new")]) { args in
            .string(try args.string(0, "text").replacingOccurrences(of: try args.string(1, "old"), with: try args.string(2, "new")))
        }
        it.define("starts_with", doc: "Whether the string starts with `prefix`.", params: [NativeParam("text"), NativeParam("prefix")]) { args in
            .bool(try args.string(0, "text").hasPrefix(try args.string(1, "prefix")))
        }
        it.define("ends_with", doc: "Whether the string ends with `suffix`.", params: [NativeParam("text"), NativeParam("suffix")]) { args in
            .bool(try args.string(0, "text").hasSuffix(try args.string(1, "suffix")))
        }
        it.define("pad", doc: "Pads text to `width` columns (align \"<\", \">\" or \"^\").",
                  params: [NativeParam("value"), NativeParam("width"), NativeParam("align", default: "<")]) { args in
            .string(try FormatSpec.apply("\(try args.string(2, "align"))\(try args.int(1, "width"))", to: .string(args[0].text)))
        }
    }
}
