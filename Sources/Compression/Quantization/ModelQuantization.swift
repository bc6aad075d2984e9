// Model-wide weight quantization: every Linear passing the filter becomes a QuantizedLinear in a
// new model; the original model is left untouched.
//
//     let (q, report) = try quantize(model, bits: 4, granularity: .perGroup(size: 32))
//     print(report)          // per-layer bytes and weight MSE
import NN
import TensorCore

/// Per-layer outcome of `quantize(_:bits:...)`.
public struct QuantizationReport: CustomStringConvertible {
    public struct Row: Equatable {
        public let name: String
        public let shape: [Int]
        public let bytesBefore: Int
        public let bytesAfter: Int
        /// mean((W − Ŵ)²) over the weight.
        public let weightMSE: Float
    }
    public let config: QuantConfig
    public let rows: [Row]

    public var bytesBefore: Int { rows.reduce(0) { $0 + $1.bytesBefore } }
    public var bytesAfter: Int { rows.reduce(0) { $0 + $1.bytesAfter } }

    /// A GFM table: layer, shape, bytes before/after, ratio, weight MSE.
    public var description: String {
        var lines = ["| layer | shape | FP32 bytes | int\(config.bits) bytes | ratio | weight MSE |",
                     "| --- | --- | ---: | ---: | ---: | ---: |"]
        for r in rows {
            lines.append("| \(r.name) | \(shapeText(r.shape)) | \(r.bytesBefore) | \(r.bytesAfter) | \(ratio(r.bytesBefore, r.bytesAfter)) | \(QuantizedTensor.number(r.weightMSE)) |")
        }
        lines.append("| total | | \(bytesBefore) | \(bytesAfter) | \(ratio(bytesBefore, bytesAfter)) | |")
        return lines.joined(separator: "\n")
    }

    private func ratio(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : QuantizedTensor.number(Float(a) / Float(b)) + "×" }
}

/// Quantizes the weights of every Linear layer of `model` that passes `filter` (weight-only;
/// biases stay Float32). Defaults are PyTorch's for weights: signed symmetric per output channel.
/// - Returns: a new model (a deep copy with the selected Linear layers replaced; parameter-free
///   layers such as activations are shared) and a per-layer report.
/// - Throws: on a bad configuration, or a model with a layer that cannot be copied.
public func quantize(_ model: any Module, bits: Int = 8, signed: Bool = true, scheme: QuantScheme = .symmetric,
                     granularity: QuantGranularity = .perChannel(axis: 0),
                     filter: (String, any Module) -> Bool = { _, _ in true }) throws -> (model: any Module, report: QuantizationReport) {
    let config = try QuantConfig(bits: bits, signed: signed, scheme: scheme, granularity: granularity)
    var rows: [QuantizationReport.Row] = []
    let converted = try mapLinears(model, filter: filter) { path, linear in
        let q = try QuantizedLinear(linear, config: config)
        rows.append(try QuantizationReport.Row(path, linear, q.quantized))
        return q
    }
    return (converted, QuantizationReport(config: config, rows: rows))
}

/// Dynamic quantization for the integer kernels: every Linear passing `filter` becomes an
/// `IntegerLinear` — INT8 weights per output channel (W8A8) or 4-bit weights in groups of 32
/// (W4A8) — whose inputs are quantized per token at run time (PyTorch's `quantize_dynamic`,
/// with per-token instead of per-tensor activation scales).
/// - Throws: for widths other than 8 and 4, or (4 bits) a layer whose input width is not a
///   multiple of 32.
public func quantizeDynamic(_ model: any Module, bits: Int = 8,
                            filter: (String, any Module) -> Bool = { _, _ in true }) throws -> (model: any Module, report: QuantizationReport) {
    let config = try IntegerLinear.config(bits: bits)
    var rows: [QuantizationReport.Row] = []
    let converted = try mapLinears(model, filter: filter) { path, linear in
        let q = try IntegerLinear(linear, bits: bits)
        rows.append(try QuantizationReport.Row(path, linear, q.quantized))
        return q
    }
    return (converted, QuantizationReport(config: config, rows: rows))
}

extension QuantizationReport.Row {
    /// The row of one converted layer: bytes before and after, and the weight's mean squared error.
    init(_ path: String, _ linear: Linear, _ quantized: QuantizedTensor) throws {
        let w = linear.weight.value
        self.init(name: path.isEmpty ? "weight" : path + ".weight", shape: w.shape, bytesBefore: linear.weight.bytes,
                  bytesAfter: quantized.bytes, weightMSE: try (try quantized.dequantize() - w).pow(2).mean().item())
    }
}

/// A deep copy of `model` in which every Linear that passes `filter(path, layer)` is replaced by
/// `transform(path, linear)` — the one way compression rebuilds a model of any shape (an MLP, a
/// GPT). A model that is itself one Linear is transformed whole (path "").
public func mapLinears(_ model: any Module, filter: (String, any Module) -> Bool = { _, _ in true },
                       _ transform: (String, Linear) throws -> any Module) throws -> any Module {
    let copy = try model.copy()
    if let linear = copy as? Linear { return filter("", linear) ? try transform("", linear) : linear }
    try copy.replaceModules { path, layer in
        guard let linear = layer as? Linear, filter(path, layer) else { return nil }
        return try transform(path, linear)
    }
    return copy
}
