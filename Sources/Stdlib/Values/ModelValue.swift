import Compression
import Interpreter
import NN
import TensorCore

/// A model inside the language: `m.params`, `m.bytes`, `m.layers` describe it; `weight(m, "0.weight")`
/// reads a tensor; training and compression functions take and return model values.
///
/// Models are shared by reference like Python objects: `train(m, ...)` changes `m`; compression
/// functions (`prune`, `quantize`, `factorize`) return a new model and leave their input alone.
public final class ModelValue: NativeObject, Freezable {
    public let module: any Module
    /// Set by the grader on the key's models: training or editing them in place is refused.
    public var isFrozen = false

    public init(_ module: any Module) { self.module = module }

    public var typeName: String { "model" }

    public var fieldNames: [String] { ["params", "trainable", "bytes", "layers", "nonzero", "sparsity", "inputs", "outputs", "summary", "names", "linears"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "params": return .number(Double(module.parameterCount))
        case "trainable": return .number(Double(module.trainableParameterCount))
        case "bytes": return .number(Double(module.byteSize))
        case "layers": return .list(ListBox(ModelValue.layerRecords(module)))
        case "nonzero": return .number(Double(ModelValue.nonzeroWeights(module)))
        case "sparsity": return Bridge.number(SparsityReport(module).overallSparsity)
        case "inputs": return ModelValue.inputFeatures(module).map { .number(Double($0)) } ?? .nil
        case "outputs": return ModelValue.outputFeatures(module).map { .number(Double($0)) } ?? .nil
        case "summary": return .string(module.summary)
        case "names": return .list(ListBox(module.namedParameters().map { .string($0.0) }))
        case "linears":
            return .list(ListBox(ModelValue.matrixLayers(module).map { .string($0.path) }))
        default: return nil
        }
    }

    public func describe(maxWidth: Int) -> String {
        "model \(module.summaryName): \(module.parameterCount) parameters, \(module.byteSize) bytes"
    }

    /// One record per leaf layer: {name, type, params, bytes, shape} (shape of its weight, or nil).
    static func layerRecords(_ module: any Module) -> [Value] {
        leafLayers(module).map { path, layer in
            let weight = layer.namedParameters().first { $0.0.hasSuffix("weight") }?.1
            return Bridge.record([("name", .string(path.isEmpty ? "model" : path)), ("type", .string(layer.summaryName)),
                                  ("params", .number(Double(layer.parameterCount))), ("bytes", .number(Double(layer.byteSize))),
                                  ("shape", weight.map { Bridge.list($0.shape) } ?? .nil)])
        }
    }

    /// Layers without sub-modules, with their paths; a matrix layer (quantized, QAT, low-rank) is
    /// one layer even when it holds Linears inside.
    static func leafLayers(_ module: any Module, path: String = "") -> [(String, any Module)] {
        if module.namedChildren.isEmpty || module is any MatrixLayer { return [(path, module)] }
        return module.namedChildren.flatMap { name, child in leafLayers(child, path: path.isEmpty ? name : path + "." + name) }
    }

    /// Non-zero elements over all parameters (what a sparse format would have to store).
    static func nonzeroWeights(_ module: any Module) -> Int {
        module.parameters.reduce(0) { $0 + $1.value.scalars.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
    }

    /// Paths and in/out features of the matrix-multiplying layers, in order.
    static func matrixLayers(_ module: any Module) -> [(path: String, inputs: Int, outputs: Int)] {
        module.modules(of: (any MatrixShapedLayer).self).map { ($0.path, $0.module.inFeatures, $0.module.outFeatures) }
    }

    static func linearShapes(_ module: any Module) -> [(inputs: Int, outputs: Int)] {
        matrixLayers(module).map { ($0.inputs, $0.outputs) }
    }

    static func inputFeatures(_ module: any Module) -> Int? { linearShapes(module).first?.inputs }
    static func outputFeatures(_ module: any Module) -> Int? { linearShapes(module).last?.outputs }

    /// FLOPs of one forward pass on `rows` inputs, counted by tracing it (NN's convention: 2·in·out
    /// per row and matrix product, so a factorised layer counts its two thin products); a model
    /// the trace cannot run falls back to 2·in·out per matrix layer.
    static func flops(_ module: any Module, rows: Int) -> Int {
        if let inputs = inputFeatures(module), let traced = try? module.flops(inputShape: [rows, inputs]) {
            return traced.total
        }
        return linearShapes(module).reduce(0) { $0 + 2 * rows * $1.inputs * $1.outputs }
    }
}
