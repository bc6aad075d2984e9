import Compression
import Interpreter
import LM
import NN
import TensorCore

/// Quantization: tensors, models, QAT, ggml block formats, 16-bit floats.
enum CompressionBindings {
    /// bits, scheme, axis, group, signed — the quantizer settings every quantize function reads.
    static func configParams(bits: Value = 8, scheme: Value, axis: Value) -> [NativeParam] {
        [.int("bits", default: bits, in: 2...8), .choice("scheme", ["affine", "symmetric"], default: scheme),
         .int("axis", default: axis).orNil(), .int("group", default: .nil, atLeast: 1), .bool("signed", default: true)]
    }

    static func install(in session: Session) {
        session.interpreter.define("quantize", doc: """
            Integer codes q = clamp(round(x/s) + z, qmin, qmax) with their scale s and zero point z. scheme: "affine" or \
            "symmetric"; one scale per tensor, per index along `axis` (per channel) or per `group` values along the last axis. \
            observer picks the range: "minmax", "percentile" (clips the `tail` fraction at each end) or "mse" (least \
            squared error). On a model it quantizes every Linear weight and returns the quantized model.
            """, params: [NativeParam("x")] + configParams(scheme: "affine", axis: .nil)
                + [.choice("observer", ["minmax", "percentile", "mse"], default: "minmax"),
                   .number("tail", default: 0.001, atLeast: 0, below: 0.5)]) { args in
            let config = try quantConfig(args)
            let observerName = try args.string("observer")
            if case .native(let object) = try args["x"], object is ModelValue || object is LMValue {
                guard observerName == "minmax" else { throw RuntimeError("quantize: a model's weights use observer \"minmax\"; got \"\(observerName)\"") }
                let (module, wrap) = try Bridge.compressible(try args["x"], for: "quantize")
                try Bridge.requireFiniteWeights(module, for: "quantize")
                return try wrap(try quantizeModel(module, config: config, filter: nil, args: args).model)
            }
            let x = try Convert.finiteTensor(try args["x"], for: "quantize")
            let observer: RangeObserver
            switch observerName {
            case "minmax": return .native(QuantizedValue(try QuantizedTensor(x, config: config)))
            case "percentile": observer = try PercentileObserver(config: config, tail: Float(try args.number("tail")))
            case "mse": observer = try HistogramMSEObserver(config: config)
            default: observer = try HistogramMSEObserver(config: config)
            }
            var o = observer
            try o.observe(x)
            return .native(QuantizedValue(try QuantizedTensor(x, observer: o)))
        }
        session.interpreter.define("dequantize", doc: "Back to Float32: x̂ = (q − z)·s (for quantize results) or the ggml block decoding.",
                              params: [NativeParam("q")]) { args in
            switch try args["q"] {
            case .native(let q as QuantizedValue): return .native(TensorValue(try q.quantized.dequantize()))
            case .native(let g as GGMLValue): return .native(TensorValue(try g.encoded.dequantize()))
            default: throw RuntimeError("dequantize: expect a quantized value (from quantize or ggml_quantize), got \(try args["q"].typeName)")
            }
        }
        session.interpreter.define("fake_quantize", doc: """
            Quantize then dequantize in one \
            step: the Float32 values a quantized model really computes with.
            """, params: [NativeParam("x")] + configParams(scheme: "affine", axis: .nil)) { args in
            // Traced (inside grad): the straight-through estimator — rounding in the forward pass,
            // the identity inside the clipping range in the backward pass (Bengio et al., 2013).
            if Convert.isTraced(try args["x"]) {
                return Convert.wrap(try Convert.variable(try args["x"], for: "fake_quantize").fakeQuantized(try quantConfig(args)))
            }
            return .native(TensorValue(try Convert.finiteTensor(try args["x"], for: "fake_quantize").fakeQuantized(try quantConfig(args))))
        }
        session.interpreter.define("quantize_model", doc: """
            Weight-only quantization of every Linear layer of a model or a language model (filter(name) → true picks \
            layers by name, e.g. "0" or "h.0.mlp.fc1"); axis 0 = one scale per output channel, axis: nil with group: nil \
            = per tensor. Returns {model, report}, report = one record per layer. activations: "per_token" also \
            quantizes every input row at run time (7-bit codes, one scale per token) and runs the integer kernels: \
            W8A8 with bits 8 (int8 per output channel), W4A8 with bits 4 and group 32.
            """, params: [NativeParam("model")] + configParams(scheme: "symmetric", axis: 0)
                + [.function("filter", default: .nil), .choice("activations", ["per_token"], default: .nil).orNil()]) { args in
            let (module, wrap) = try Bridge.compressible(try args["model"], for: "quantize_model")
            try Bridge.requireFiniteWeights(module, for: "quantize_model")
            let config = try quantConfig(args)
            let dynamic = try args.optionalString("activations") != nil
            if dynamic {
                let bits = config.bits
                let wanted = try IntegerLinear.config(bits: bits)
                guard config == wanted else {
                    throw RuntimeError("quantize_model: the integer kernels take \(bits == 8 ? "bits: 8, axis: 0 (one scale per output channel)" : "bits: 4, group: 32, axis: nil"), scheme \"symmetric\", signed; got \(config.bits) bits, \(config.scheme.rawValue), \(config.granularity)")
                }
            }
            let (model, report) = try quantizeModel(module, config: config, filter: try args.optionalFunction("filter"), dynamic: dynamic, args: args)
            let rows: [Value] = report.rows.map { row in
                Bridge.record([("layer", .string(row.name)), ("shape", Bridge.list(row.shape)),
                               ("fp32_bytes", .number(Double(row.bytesBefore))), ("bytes", .number(Double(row.bytesAfter))),
                               ("ratio", .number(Double(row.bytesBefore) / Double(max(1, row.bytesAfter)))),
                               ("mse", Bridge.number(row.weightMSE))])
            }
            return Bridge.record([("model", try wrap(model)), ("report", .list(ListBox(rows)))])
        }
        session.interpreter.define("qat", doc: """
            A copy for quantization-aware \
            training: every Linear computes with fake-quantized weights (straight-through gradient), so train() learns \
            weights that survive rounding. quantize_model() it afterwards with the same settings.
            """, params: [NativeParam("model")] + configParams(bits: 4, scheme: "symmetric", axis: .nil)) { args in
            let (module, wrap) = try Bridge.compressible(try args["model"], for: "qat")
            let config = try quantConfig(args)
            return try wrap(try prepareQAT(try Bridge.plainCopy(module, for: "qat"), config: config))
        }
        session.interpreter.define("ggml_quantize", doc: """
            Llama.cpp's block formats: blocks of 32 weights with one fp16 scale; \
            "q8_0" (8.5 bits/weight) or "q4_0" (4.5 bits/weight). The element count must be a multiple of 32.
            """, params: [NativeParam("x"), .choice("format", ["q8_0", "q4_0"], default: "q8_0")]) { args in
            let name = try args.string("format")
            guard let format = GGMLFormat(rawValue: name) else { throw RuntimeError("ggml_quantize: expect format \"q8_0\" or \"q4_0\", got \"\(name)\"") }
            return .native(GGMLValue(try GGMLTensor(try Convert.finiteTensor(try args["x"], for: "ggml_quantize"), format: format)))
        }
        for format in HalfFormat.allCases {
            let name = format.rawValue
            let what = format == .fp16 ? "IEEE half: 5 exponent bits, 10 mantissa bits, max 65504" : "bfloat16: Float32's 8 exponent bits, 7 mantissa bits"
            session.interpreter.define(name, doc: "The values of x rounded to \(what) (round to nearest even), back in Float32.",
                                  params: [NativeParam("x")]) { args in
                .native(TensorValue(try Convert.tensor(try args["x"], for: name).roundedTo(format)))
            }
        }
    }

    /// The QuantConfig from the `configParams` arguments (types and ranges already checked).
    static func quantConfig(_ args: Arguments) throws -> QuantConfig {
        let scheme = QuantScheme(rawValue: try args.string("scheme")) ?? .affine
        let granularity: QuantGranularity
        switch (try args.optionalInt("axis"), try args.optionalInt("group")) {
        case (nil, nil): granularity = .perTensor
        case (let a?, nil): granularity = .perChannel(axis: a)
        case (nil, let g?): granularity = .perGroup(size: g)
        case (_?, _?): throw RuntimeError("give axis (per channel) or group (per group), not both")
        }
        return try QuantConfig(bits: try args.int("bits"), signed: try args.bool("signed"), scheme: scheme, granularity: granularity)
    }

    static func quantizeModel(_ module: any Module, config: QuantConfig, filter: Value?, dynamic: Bool = false,
                              args: Arguments) throws -> (model: any Module, report: QuantizationReport) {
        let plain = try Bridge.plainCopy(module, for: "quantize_model")
        var filterError: Error?
        let keep: (String, any Module) -> Bool = { path, _ in
            guard let filter, filterError == nil else { return filterError == nil }
            do { return try args.interpreter.call(filter, [.string(path)]).truth() } catch { filterError = error; return false }
        }
        let result = dynamic
            ? try Compression.quantizeDynamic(plain, bits: config.bits, filter: keep)
            : try Compression.quantize(plain, bits: config.bits, signed: config.signed, scheme: config.scheme,
                                       granularity: config.granularity, filter: keep)
        if let filterError { throw filterError }
        return result
    }
}
