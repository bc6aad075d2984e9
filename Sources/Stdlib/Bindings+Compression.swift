import Compression
import Interpreter
import LM
import NN
import TensorCore

/// Quantization: tensors, models, QAT, ggml block formats, 16-bit floats.
enum CompressionBindings {
    /// bits, scheme, axis, group, signed — the quantizer settings every quantize function reads.
    static func configParams(scheme: Value, axis: Value) -> [NativeParam] {
        [NativeParam("bits", default: 8), NativeParam("scheme", default: scheme), NativeParam("axis", default: axis),
         NativeParam("group", default: .nil), NativeParam("signed", default: true)]
    }

    static func install(in session: Session) {
        session.interpreter.define("quantize", doc: """
            quantize(x, bits: 8, scheme: "affine", axis: nil, group: nil, signed: true, observer: "minmax", tail: 0.001) — \
            integer codes q = clamp(round(x/s) + z, qmin, qmax) with their scale s and zero point z. scheme: "affine" or \
            "symmetric"; one scale per tensor, per index along `axis` (per channel) or per `group` values along the last axis. \
            observer picks the range: "minmax", "percentile" (clips the `tail` fraction at each end) or "mse" (least \
            squared error). On a model it quantizes every Linear weight and returns the quantized model.
            """, params: [NativeParam("x")] + configParams(scheme: "affine", axis: .nil)
                + [NativeParam("observer", default: "minmax"), NativeParam("tail", default: 0.001)]) { args in
            let config = try quantConfig(args, for: "quantize")
            let observerName = try args.string(6, "observer")
            if case .native(let object) = args[0], object is ModelValue || object is LMValue {
                guard observerName == "minmax" else { throw RuntimeError("quantize: a model's weights use observer \"minmax\"; got \"\(observerName)\"") }
                let (module, wrap) = try Bridge.compressible(args[0], for: "quantize")
                try Bridge.requireFiniteWeights(module, for: "quantize")
                return try wrap(try quantizeModel(module, config: config, filter: nil, args: args).model)
            }
            let x = try Convert.finiteTensor(args[0], for: "quantize")
            let observer: RangeObserver
            switch observerName {
            case "minmax": return .native(QuantizedValue(try QuantizedTensor(x, config: config)))
            case "percentile": observer = try PercentileObserver(config: config, tail: Float(try args.number(7, "tail")))
            case "mse": observer = try HistogramMSEObserver(config: config)
            default: throw RuntimeError("quantize: expect observer \"minmax\", \"percentile\" or \"mse\", got \"\(observerName)\"")
            }
            var o = observer
            try o.observe(x)
            return .native(QuantizedValue(try QuantizedTensor(x, observer: o)))
        }
        session.interpreter.define("dequantize", doc: "dequantize(q) — back to Float32: x̂ = (q − z)·s (for quantize results) or the ggml block decoding.",
                              params: [NativeParam("q")]) { args in
            switch args[0] {
            case .native(let q as QuantizedValue): return .native(TensorValue(try q.quantized.dequantize()))
            case .native(let g as GGMLValue): return .native(TensorValue(try g.encoded.dequantize()))
            default: throw RuntimeError("dequantize: expect a quantized value (from quantize or ggml_quantize), got \(args[0].typeName)")
            }
        }
        session.interpreter.define("fake_quantize", doc: """
            fake_quantize(x, bits: 8, scheme: "affine", axis: nil, group: nil, signed: true) — quantize then dequantize in one \
            step: the Float32 values a quantized model really computes with.
            """, params: [NativeParam("x")] + configParams(scheme: "affine", axis: .nil)) { args in
            .native(TensorValue(try Convert.finiteTensor(args[0], for: "fake_quantize").fakeQuantized(try quantConfig(args, for: "fake_quantize"))))
        }
        session.interpreter.define("quantize_model", doc: """
            quantize_model(model, bits: 8, scheme: "symmetric", axis: 0, group: nil, signed: true, filter: nil) — weight-only \
            quantization of every Linear layer (filter(name) → true picks layers by name, e.g. "0"); axis 0 = one scale per \
            output channel, axis: nil with group: nil = per tensor. Returns {model, report}, report = one record per layer.
            """, params: [NativeParam("model")] + configParams(scheme: "symmetric", axis: 0) + [NativeParam("filter", default: .nil)]) { args in
            let (module, wrap) = try Bridge.compressible(args[0], for: "quantize_model")
            try Bridge.requireFiniteWeights(module, for: "quantize_model")
            let filter = args[6].isNil ? nil : try args.function(6, "filter")
            let (model, report) = try quantizeModel(module, config: try quantConfig(args, for: "quantize_model"), filter: filter, args: args)
            let rows: [Value] = report.rows.map { row in
                Bridge.record([("layer", .string(row.name)), ("shape", Bridge.list(row.shape)),
                               ("fp32_bytes", .number(Double(row.bytesBefore))), ("bytes", .number(Double(row.bytesAfter))),
                               ("ratio", .number(Double(row.bytesBefore) / Double(max(1, row.bytesAfter)))),
                               ("mse", Bridge.number(row.weightMSE))])
            }
            return Bridge.record([("model", try wrap(model)), ("report", .list(ListBox(rows)))])
        }
        session.interpreter.define("qat", doc: """
            qat(model, bits: 4, scheme: "symmetric", axis: nil, group: nil, signed: true) — a copy for quantization-aware \
            training: every Linear computes with fake-quantized weights (straight-through gradient), so train() learns \
            weights that survive rounding. quantize_model() it afterwards with the same settings.
            """, params: [NativeParam("model"), NativeParam("bits", default: 4), NativeParam("scheme", default: "symmetric"),
                          NativeParam("axis", default: .nil), NativeParam("group", default: .nil), NativeParam("signed", default: true)]) { args in
            let (module, wrap) = try Bridge.compressible(args[0], for: "qat")
            let config = try quantConfig(args, for: "qat")
            return try wrap(try prepareQAT(try Bridge.plainCopy(module, for: "qat"), config: config))
        }
        session.interpreter.define("ggml_quantize", doc: """
            ggml_quantize(x, format: "q8_0") — llama.cpp's block formats: blocks of 32 weights with one fp16 scale; \
            "q8_0" (8.5 bits/weight) or "q4_0" (4.5 bits/weight). The element count must be a multiple of 32.
            """, params: [NativeParam("x"), NativeParam("format", default: "q8_0")]) { args in
            let name = try args.string(1, "format")
            guard let format = GGMLFormat(rawValue: name) else { throw RuntimeError("ggml_quantize: expect format \"q8_0\" or \"q4_0\", got \"\(name)\"") }
            return .native(GGMLValue(try GGMLTensor(try Convert.finiteTensor(args[0], for: "ggml_quantize"), format: format)))
        }
        for format in HalfFormat.allCases {
            let name = format.rawValue
            let what = format == .fp16 ? "IEEE half: 5 exponent bits, 10 mantissa bits, max 65504" : "bfloat16: Float32's 8 exponent bits, 7 mantissa bits"
            session.interpreter.define(name, doc: "\(name)(x) — x rounded to \(what) (round to nearest even), back in Float32.",
                                  params: [NativeParam("x")]) { args in
                .native(TensorValue(try Convert.tensor(args[0], for: name).roundedTo(format)))
            }
        }
    }

    /// The QuantConfig from bits (position 1), scheme (2), axis (3), group (4), signed (5).
    static func quantConfig(_ args: Arguments, for function: String) throws -> QuantConfig {
        let bits = try args.int(1, "bits")
        guard (2...8).contains(bits) else { throw RuntimeError("\(function): expect bits from 2 to 8, got \(bits)") }
        let schemeName = try args.string(2, "scheme")
        guard let scheme = QuantScheme(rawValue: schemeName) else {
            throw RuntimeError("\(function): expect scheme \"affine\" or \"symmetric\", got \"\(schemeName)\"")
        }
        let axis = try Bridge.optionalInt(args[3], for: function, name: "axis")
        let group = try Bridge.optionalInt(args[4], for: function, name: "group")
        let granularity: QuantGranularity
        switch (axis, group) {
        case (nil, nil): granularity = .perTensor
        case (let a?, nil): granularity = .perChannel(axis: a)
        case (nil, let g?):
            guard g > 0 else { throw RuntimeError("\(function): expect a group size ≥ 1, got \(g)") }
            granularity = .perGroup(size: g)
        case (_?, _?): throw RuntimeError("\(function): give axis (per channel) or group (per group), not both")
        }
        return try QuantConfig(bits: bits, signed: try args.bool(5, "signed"), scheme: scheme, granularity: granularity)
    }

    static func quantizeModel(_ module: any Module, config: QuantConfig, filter: Value?,
                              args: Arguments) throws -> (model: any Module, report: QuantizationReport) {
        let plain = try Bridge.plainCopy(module, for: "quantize_model")
        var filterError: Error?
        let result = try Compression.quantize(plain, bits: config.bits, signed: config.signed, scheme: config.scheme,
                                              granularity: config.granularity) { path, _ in
            guard let filter, filterError == nil else { return filterError == nil }
            do { return try args.interpreter.call(filter, [.string(path)]).truth() } catch { filterError = error; return false }
        }
        if let filterError { throw filterError }
        return result
    }
}
