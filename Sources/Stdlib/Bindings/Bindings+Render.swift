import Interpreter
import Render
import TensorCore

/// table, tex, plot, scatter, bar, hist, heatmap: functions that return display values.
enum RenderBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("table", doc: """
            A table; or table(records) from a list of dicts \
            (headers from the first record's keys), or table(matrix) from a 2-D tensor.
            """, params: [NativeParam("headers"), NativeParam("rows", default: .nil),
                          NativeParam("title", default: .nil), .int("digits", default: 4, in: 0...15)]) { args in
            let (headers, rows) = try tableContents(try args["headers"], try args["rows"])
            let table = Table(headers: headers, rows: rows, title: optionalText(try args["title"]),
                              digits: try args.int("digits"))
            do { try table.validate() } catch { throw RuntimeError("table: \(error)") }
            return .native(DisplayValue(table, typeName: "table"))
        }
        it.define("tex", doc: #"An equation: $$…$$ in reports, a Unicode approximation in the terminal. Use raw strings: tex(r"\frac{a}{b}")."#,
                  params: [NativeParam("latex")]) { args in
            let equation = Equation(tex: try args.string("latex"))
            if let problem = equation.braceProblem { throw RuntimeError("\(problem) in \(Value.string(equation.tex).repr)") }
            return .native(DisplayValue(equation, typeName: "equation"))
        }
        let labels = [NativeParam("title", default: .nil), NativeParam("xlabel", default: .nil), NativeParam("ylabel", default: .nil)]
        it.define("plot", doc: """
            A line plot. y is a list or 1-D tensor, \
            a list of them / 2-D tensor (one series each, named by labels), or a dict {name: values}.
            """, params: [NativeParam("y"), NativeParam("x", default: .nil), NativeParam("labels", default: .nil)] + labels) { args in
            let series = try seriesList(try args["y"], x: try args["x"], labels: try args["labels"], for: "plot")
            return try plotValue(Plot.line(series, title: try text(args, "title"), xLabel: try text(args, "xlabel"), yLabel: try text(args, "ylabel")))
        }
        it.define("scatter", doc: "Points; `groups` (e.g. class labels) draws one series per group.",
                  params: [NativeParam("x"), NativeParam("y"), NativeParam("groups", default: .nil)] + labels) { args in
            let xs = try Convert.numbers(try args["x"], for: "scatter"), ys = try Convert.numbers(try args["y"], for: "scatter")
            guard xs.count == ys.count else { throw RuntimeError("scatter: x has \(xs.count) values but y has \(ys.count)") }
            var series: [Series] = []
            if try args.isNil("groups") {
                series = [Series(name: "", x: xs, y: ys)]
            } else {
                let groups = try Convert.numbers(try args["groups"], for: "scatter")
                guard groups.count == xs.count else { throw RuntimeError("scatter: groups has \(groups.count) values but x has \(xs.count)") }
                for g in Set(groups).sorted() {
                    let idx = groups.indices.filter { groups[$0] == g }
                    series.append(Series(name: "group \(formatNumber(g))", x: idx.map { xs[$0] }, y: idx.map { ys[$0] }))
                }
            }
            return try plotValue(Plot.scatter(series, title: try text(args, "title"), xLabel: try text(args, "xlabel"), yLabel: try text(args, "ylabel")))
        }
        it.define("bar", doc: "One bar per label.",
                  params: [NativeParam("labels"), NativeParam("values")] + labels) { args in
            try plotValue(Plot.bar(labels: try Convert.strings(try args["labels"], for: "bar"), values: try Convert.numbers(try args["values"], for: "bar"),
                                   title: try text(args, "title"), xLabel: try text(args, "xlabel"), yLabel: try text(args, "ylabel")))
        }
        it.define("hist", doc: "A histogram with numpy's equal-width binning.",
                  params: [NativeParam("values"), .int("bins", default: 10, in: 1...1000)] + labels) { args in
            do {
                return try plotValue(try Plot.histogram(try Convert.numbers(try args["values"], for: "hist"),
                                                        bins: try args.int("bins"),
                                                        title: try text(args, "title"), xLabel: try text(args, "xlabel"), yLabel: try text(args, "ylabel")))
            } catch let error as RenderError { throw RuntimeError("hist: \(error)") }
        }
        it.define("heatmap", doc: "A 2-D tensor or list of rows as shades (e.g. a pruning mask, an attention map).",
                  params: [NativeParam("matrix")] + labels) { args in
            let t = try Convert.tensor(try args["matrix"], for: "heatmap")
            guard t.rank == 2 else { throw RuntimeError("heatmap: expect a 2-D matrix, got shape \(t.shape)") }
            let flat = t.scalars.map(Double.init)
            let rows = (0..<t.shape[0]).map { Array(flat[($0 * t.shape[1])..<(($0 + 1) * t.shape[1])]) }
            return try plotValue(Plot.heatmap(rows, title: try text(args, "title"), xLabel: try text(args, "xlabel"), yLabel: try text(args, "ylabel")))
        }
    }

    static func optionalText(_ value: Value) -> String? { value.isNil ? nil : value.text }

    /// The text of an optional label argument (title, xlabel, ylabel).
    static func text(_ args: Arguments, _ name: String) throws -> String? { optionalText(try args[name]) }

    private static func plotValue(_ plot: Plot) throws -> Value {
        do { try plot.validate() } catch { throw RuntimeError("plot: \(error)") }
        return .native(DisplayValue(plot, typeName: "plot"))
    }

    private static func seriesList(_ y: Value, x: Value, labels: Value, for function: String) throws -> [Series] {
        let xs: [Double]? = x.isNil ? nil : try Convert.numbers(x, for: function)
        func make(_ name: String, _ values: [Double]) throws -> Series {
            guard let xs else { return Series(name: name, y: values) }
            guard xs.count == values.count else {
                throw RuntimeError("\(function): x has \(xs.count) values but series '\(name)' has \(values.count)")
            }
            return Series(name: name, x: xs, y: values)
        }
        if case .dict(let box) = y {
            return try zip(box.keys, box.values).map { try make($0.value.text, try Convert.numbers($1, for: function)) }
        }
        let t = try Convert.tensor(y, for: function)
        let names = labels.isNil ? [] : try Convert.strings(labels, for: function)
        switch t.rank {
        case 0, 1: return [try make(names.first ?? "", t.scalars.map(Double.init))]
        case 2:
            let flat = t.scalars.map(Double.init), width = t.shape[1]
            return try (0..<t.shape[0]).map { row in
                try make(row < names.count ? names[row] : "series \(row + 1)", Array(flat[(row * width)..<((row + 1) * width)]))
            }
        default: throw RuntimeError("\(function): expect 1-D or 2-D values, got shape \(t.shape)")
        }
    }

    private static func tableContents(_ first: Value, _ second: Value) throws -> ([String], [[Render.Cell]]) {
        func cell(_ v: Value) -> Render.Cell {
            if case .number(let n) = v { return .number(n) }
            if case .native(let object as TensorValue) = v, object.tensor.count == 1, let x = object.tensor.scalars.first {
                return .number(Double(x))
            }
            return .text(v.text)
        }
        if second.isNil {
            if case .list(let records) = first, case .dict(let head)? = records.items.first {
                let headers = head.keys.map { $0.value.text }
                let rows = try records.items.map { item -> [Render.Cell] in
                    guard case .dict(let record) = item else { throw RuntimeError("table: expect every record to be a dict") }
                    return head.keys.map { record[$0].map(cell) ?? .text("") }
                }
                return (headers, rows)
            }
            let t = try Convert.tensor(first, for: "table")
            guard t.rank == 2 else { throw RuntimeError("table: expect a list of records or a 2-D tensor, got shape \(t.shape)") }
            let flat = t.scalars
            let rows = (0..<t.shape[0]).map { r in (0..<t.shape[1]).map { Render.Cell.number(Double(flat[r * t.shape[1] + $0])) } }
            return ((0..<t.shape[1]).map { "\($0)" }, rows)
        }
        let headers = try Convert.strings(first, for: "table")
        let rows: [[Render.Cell]]
        if case .list(let box) = second {
            rows = try box.items.map { row in
                switch row {
                case .list(let r): return r.items.map(cell)
                case .native(let object as TensorValue): return object.tensor.scalars.map { .number(Double($0)) }
                default: throw RuntimeError("table: expect each row to be a list, got \(row.typeName)")
                }
            }
        } else {
            let t = try Convert.tensor(second, for: "table")
            guard t.rank == 2 else { throw RuntimeError("table: expect rows as a list of lists or a 2-D tensor") }
            let flat = t.scalars
            rows = (0..<t.shape[0]).map { r in (0..<t.shape[1]).map { .number(Double(flat[r * t.shape[1] + $0])) } }
        }
        return (headers, rows)
    }
}
