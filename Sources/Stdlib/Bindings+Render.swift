import Interpreter
import Render
import TensorCore

/// table, tex, plot, scatter, bar, hist, heatmap: functions that return display values.
enum RenderBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("table", doc: """
            table(headers, rows, title: nil, digits: 4) — a table; or table(records) from a list of dicts \
            (headers from the first record's keys), or table(matrix) from a 2-D tensor.
            """, params: [NativeParam("headers"), NativeParam("rows", default: .nil),
                          NativeParam("title", default: .nil), NativeParam("digits", default: 4)]) { args in
            let (headers, rows) = try tableContents(args[0], args[1])
            let table = Table(headers: headers, rows: rows, title: optionalText(args[2]),
                              digits: try Convert.int(args[3], for: "table", name: "digits"))
            do { try table.validate() } catch { throw RuntimeError("table: \(error)") }
            return .native(DisplayValue(table, typeName: "table"))
        }
        it.define("tex", doc: #"tex(latex) — an equation: $$…$$ in reports, a Unicode approximation in the terminal. Use raw strings: tex(r"\frac{a}{b}")."#,
                  params: [NativeParam("latex")]) { args in
            .native(DisplayValue(Equation(tex: try args.string(0)), typeName: "equation"))
        }
        let labels = [NativeParam("title", default: .nil), NativeParam("xlabel", default: .nil), NativeParam("ylabel", default: .nil)]
        it.define("plot", doc: """
            plot(y, x: nil, labels: nil, title:, xlabel:, ylabel:) — a line plot. y is a list or 1-D tensor, \
            a list of them / 2-D tensor (one series each, named by labels), or a dict {name: values}.
            """, params: [NativeParam("y"), NativeParam("x", default: .nil), NativeParam("labels", default: .nil)] + labels) { args in
            let series = try seriesList(args[0], x: args[1], labels: args[2], for: "plot")
            return try plotValue(Plot.line(series, title: optionalText(args[3]), xLabel: optionalText(args[4]), yLabel: optionalText(args[5])))
        }
        it.define("scatter", doc: "scatter(x, y, groups: nil, title:, xlabel:, ylabel:) — points; `groups` (e.g. class labels) draws one series per group.",
                  params: [NativeParam("x"), NativeParam("y"), NativeParam("groups", default: .nil)] + labels) { args in
            let xs = try Convert.numbers(args[0], for: "scatter"), ys = try Convert.numbers(args[1], for: "scatter")
            guard xs.count == ys.count else { throw RuntimeError("scatter: x has \(xs.count) values but y has \(ys.count)") }
            var series: [Series] = []
            if args[2].isNil {
                series = [Series(name: "", x: xs, y: ys)]
            } else {
                let groups = try Convert.numbers(args[2], for: "scatter")
                guard groups.count == xs.count else { throw RuntimeError("scatter: groups has \(groups.count) values but x has \(xs.count)") }
                for g in Set(groups).sorted() {
                    let idx = groups.indices.filter { groups[$0] == g }
                    series.append(Series(name: "group \(formatNumber(g))", x: idx.map { xs[$0] }, y: idx.map { ys[$0] }))
                }
            }
            return try plotValue(Plot.scatter(series, title: optionalText(args[3]), xLabel: optionalText(args[4]), yLabel: optionalText(args[5])))
        }
        it.define("bar", doc: "bar(labels, values, title:, xlabel:, ylabel:) — one bar per label.",
                  params: [NativeParam("labels"), NativeParam("values")] + labels) { args in
            try plotValue(Plot.bar(labels: try Convert.strings(args[0], for: "bar"), values: try Convert.numbers(args[1], for: "bar"),
                                   title: optionalText(args[2]), xLabel: optionalText(args[3]), yLabel: optionalText(args[4])))
        }
        it.define("hist", doc: "hist(values, bins: 10, title:, xlabel:, ylabel:) — a histogram with numpy's equal-width binning.",
                  params: [NativeParam("values"), NativeParam("bins", default: 10)] + labels) { args in
            do {
                return try plotValue(try Plot.histogram(try Convert.numbers(args[0], for: "hist"),
                                                        bins: try Convert.int(args[1], for: "hist", name: "bins"),
                                                        title: optionalText(args[2]), xLabel: optionalText(args[3]), yLabel: optionalText(args[4])))
            } catch let error as RenderError { throw RuntimeError("hist: \(error)") }
        }
        it.define("heatmap", doc: "heatmap(matrix, title:, xlabel:, ylabel:) — a 2-D tensor or list of rows as shades (e.g. a pruning mask, an attention map).",
                  params: [NativeParam("matrix")] + labels) { args in
            let t = try Convert.tensor(args[0], for: "heatmap")
            guard t.rank == 2 else { throw RuntimeError("heatmap: expect a 2-D matrix, got shape \(t.shape)") }
            let flat = t.scalars.map(Double.init)
            let rows = (0..<t.shape[0]).map { Array(flat[($0 * t.shape[1])..<(($0 + 1) * t.shape[1])]) }
            return try plotValue(Plot.heatmap(rows, title: optionalText(args[1]), xLabel: optionalText(args[2]), yLabel: optionalText(args[3])))
        }
    }

    static func optionalText(_ value: Value) -> String? { value.isNil ? nil : value.text }

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
