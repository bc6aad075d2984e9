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
/// - Returns: a new model (Linear layers copied or quantized, containers rebuilt; parameter-free
///   layers such as activations are shared) and a per-layer report.
/// - Throws: on a bad configuration, or a selected Linear inside a container other than
///   Sequential, which cannot be rebuilt generically.
public func quantize(_ model: any Module, bits: Int = 8, signed: Bool = true, scheme: QuantScheme = .symmetric,
                     granularity: QuantGranularity = .perChannel(axis: 0),
                     filter: (String, any Module) -> Bool = { _, _ in true }) throws -> (model: any Module, report: QuantizationReport) {
    let config = try QuantConfig(bits: bits, signed: signed, scheme: scheme, granularity: granularity)
    var rows: [QuantizationReport.Row] = []
    func convert(_ module: any Module, path: String) throws -> any Module {
        if let linear = module as? Linear {
            guard filter(path, module) else { return try copyLinear(linear) }
            let q = try QuantizedLinear(linear, config: config)
            let w = linear.weight.value
            let mse = try (try q.quantized.dequantize() - w).pow(2).mean().item()
            rows.append(.init(name: path.isEmpty ? "weight" : path + ".weight", shape: w.shape,
                              bytesBefore: linear.weight.bytes, bytesAfter: q.quantized.bytes, weightMSE: mse))
            return q
        }
        if let sequential = module as? Sequential {
            let layers = try sequential.namedChildren.map { name, child in
                try convert(child, path: path.isEmpty ? name : path + "." + name)
            }
            let rebuilt = Sequential(layers)
            rebuilt.isTraining = sequential.isTraining
            return rebuilt
        }
        let inner = selectedLinears(module) { sub, m in filter(sub.isEmpty ? path : path + "." + sub, m) }
        if let first = inner.first {
            throw CompressionError.unsupported("quantize: cannot rebuild \(module.summaryName) to quantize \(path.isEmpty ? "" : path + ".")\(first.0); exclude it with the filter")
        }
        return module
    }
    let converted = try convert(model, path: "")
    return (converted, QuantizationReport(config: config, rows: rows))
}

/// A deep copy of a Linear layer (new Parameters with the same values and masks).
func copyLinear(_ linear: Linear) throws -> Linear {
    let copy = try Linear(weight: linear.weight.value, bias: linear.bias?.value)
    copy.weight.mask = linear.weight.mask
    if let bias = linear.bias, let newBias = copy.bias { newBias.mask = bias.mask }
    copy.isTraining = linear.isTraining
    return copy
}
