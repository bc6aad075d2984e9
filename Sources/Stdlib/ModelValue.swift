import Compression
import Interpreter
import NN
import TensorCore

/// A model inside the language: `m.params`, `m.bytes`, `m.layers` describe it; `weight(m, "0.weight")`
/// reads a tensor; training and compression functions take and return model values.
///
/// Models are shared by reference like Python objects: `train(m, ...)` changes `m`; compression
/// functions (`prune`, `quantize`, `factorize`) return a new model and leave their input alone.
public final class ModelValue: NativeObject {
    public let module: any Module

    public init(_ module: any Module) { self.module = module }

    public var typeName: String { "model" }

    public var fieldNames: [String] { ["params", "bytes", "layers", "nonzero", "sparsity", "inputs", "outputs", "summary", "names", "linears"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "params": return .number(Double(module.parameterCount))
        case "bytes": return .number(Double(module.byteSize))
        case "layers": return .list(ListBox(ModelValue.layerRecords(module)))
        case "nonzero": return .number(Double(ModelValue.nonzeroWeights(module)))
        case "sparsity": return Bridge.number(SparsityReport(module).overallSparsity)
        case "inputs": return ModelValue.inputFeatures(module).map { .number(Double($0)) } ?? .nil
        case "outputs": return ModelValue.outputFeatures(module).map { .number(Double($0)) } ?? .nil
        case "summary": return .string(module.summary)
        case "names": return .list(ListBox(module.namedParameters().map { .string($0.0) }))
        case "linears":
            return .list(ListBox(module.namedModules().compactMap { path, layer in
                layer is Linear || layer is QuantizedLinear || layer is FakeQuantLinear ? .string(path) : nil
            }))
        default: return nil
        }
    }

    public func describe(maxWidth: Int) -> String {
        "model \(module.summaryName): \(module.parameterCount) parameters, \(module.byteSize) bytes"
    }

    /// One record per leaf layer: {name, type, params, bytes, shape} (shape of its weight, or nil).
    static func layerRecords(_ module: any Module) -> [Value] {
        module.namedModules().compactMap { path, layer in
            guard layer.namedChildren.isEmpty else { return nil }
            let weight = layer.localParameters.first { $0.0 == "weight" }?.1
            return Bridge.record([("name", .string(path.isEmpty ? "model" : path)), ("type", .string(layer.summaryName)),
                                  ("params", .number(Double(layer.parameterCount))), ("bytes", .number(Double(layer.byteSize))),
                                  ("shape", weight.map { Bridge.list($0.shape) } ?? .nil)])
        }
    }

    /// Non-zero elements over all parameters (what a sparse format would have to store).
    static func nonzeroWeights(_ module: any Module) -> Int {
        module.parameters.reduce(0) { $0 + $1.value.scalars.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
    }

    /// In and out features of the matrix-multiplying layers, in order.
    static func linearShapes(_ module: any Module) -> [(inputs: Int, outputs: Int)] {
        module.namedModules().compactMap { _, layer in
            if let l = layer as? Linear { return (l.inFeatures, l.outFeatures) }
            if let q = layer as? QuantizedLinear { return (q.inFeatures, q.outFeatures) }
            if let f = layer as? FakeQuantLinear { return (f.linear.inFeatures, f.linear.outFeatures) }
            return nil
        }
    }

    static func inputFeatures(_ module: any Module) -> Int? { linearShapes(module).first?.inputs }
    static func outputFeatures(_ module: any Module) -> Int? { linearShapes(module).last?.outputs }

    /// FLOPs of one forward pass on `rows` inputs: 2·in·out per row and matrix layer (NN's convention).
    static func flops(_ module: any Module, rows: Int) -> Int {
        linearShapes(module).reduce(0) { $0 + 2 * rows * $1.inputs * $1.outputs }
    }
}
