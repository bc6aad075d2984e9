// Operations on a model's tree of modules, for every kind of layer: walk it, replace layers in
// it, freeze parts of it, find its matrix layers. Compression (quantize, prune, factorize, QAT) and the techniques
// still to come (LoRA, adapters, experts) are written against these, never against a switch on
// concrete container types, so a new layer kind plugs in by implementing `copy` and `setChild`.
//
//     let q = try model.copy()
//     try q.replaceModules { path, layer in
//         (layer as? Linear).map { try QuantizedLinear($0, config: config) }   // nil: keep, descend
//     }
import Synchronization
import TensorCore

extension Module {
    /// Walks the tree depth-first; wherever `transform(path, module)` returns a layer, that layer
    /// replaces the module (and is not descended into); where it returns nil, the walk goes on
    /// into the module's children. Changes this model in place: copy it first to keep the original.
    public func replaceModules(_ transform: (String, any Module) throws -> (any Module)?) throws {
        try replaceModules(prefix: "", transform)
    }

    private func replaceModules(prefix: String, _ transform: (String, any Module) throws -> (any Module)?) throws {
        for (name, child) in namedChildren {
            let path = prefix.isEmpty ? name : prefix + "." + name
            if let replacement = try transform(path, child) {
                try setChild(name, to: replacement)
                ModelEdits.record()
            } else {
                try child.replaceModules(prefix: path, transform)
            }
        }
    }

    /// Replaces the sub-module at a dotted path ("h.0.mlp") by `module`.
    /// - Throws: when the path names no sub-module.
    public func setModule(at path: String, to module: any Module) throws {
        let parts = path.split(separator: ".").map(String.init)
        guard let last = parts.last else { throw NNError.argument("set_module: the path is empty") }
        let parentPath = parts.dropLast().joined(separator: ".")
        guard let parent = self.module(named: parentPath), parent.namedChildren.contains(where: { $0.0 == last }) else {
            throw NNError.argument("set_module: no layer \"\(path)\" in \(summaryName)")
        }
        try parent.setChild(last, to: module)
        ModelEdits.record()
    }

    /// Freezes the parameters whose dotted path passes `filter` (all by default): they get no
    /// gradient and optimizers skip them — how fine-tuning trains only an adapter or a head.
    /// - Returns: how many parameter elements were frozen.
    @discardableResult
    public func freeze(where filter: (String) -> Bool = { _ in true }) -> Int {
        setTrainable(false, where: filter)
    }

    /// Makes the parameters whose path passes `filter` trainable again.
    @discardableResult
    public func unfreeze(where filter: (String) -> Bool = { _ in true }) -> Int {
        setTrainable(true, where: filter)
    }

    private func setTrainable(_ trainable: Bool, where filter: (String) -> Bool) -> Int {
        var count = 0
        for (path, parameter) in namedParameters() where filter(path) {
            parameter.requiresGrad = trainable
            count += parameter.count
        }
        return count
    }

    /// Parameter elements that training would change (those not frozen).
    public var trainableParameterCount: Int { parameters.filter(\.requiresGrad).reduce(0) { $0 + $1.count } }

    /// Every module of this tree that is a `T` (the root included) with its dotted path, in
    /// order; a match's own insides are not searched.
    public func modules<T>(of type: T.Type) -> [(path: String, module: T)] {
        modules(of: type, prefix: "")
    }

    private func modules<T>(of type: T.Type, prefix: String) -> [(path: String, module: T)] {
        if let m = self as? T { return [(prefix, m)] }
        return namedChildren.flatMap { name, child in child.modules(of: type, prefix: prefix.isEmpty ? name : prefix + "." + name) }
    }

    /// Every matrix layer (Linear, quantized, QAT, ...) with its dotted path, in order; a matrix
    /// layer's own insides are not listed again.
    public func matrixLayers() -> [(path: String, layer: any MatrixLayer)] {
        modules(of: (any MatrixLayer).self).map { ($0.path, $0.module) }
    }
}

/// A layer that multiplies by a weight matrix [out, in] in some representation — Float32
/// (`MatrixLayer`) or integer codes (`IntegerMatrixLayer`): what shape summaries, FLOP counts
/// and latency measurements read.
public protocol MatrixShapedLayer: Module {
    var inFeatures: Int { get }
    var outFeatures: Int { get }
    /// The Float32 bias [out], or nil.
    var effectiveBias: Tensor? { get }
}

/// A layer that multiplies by a weight matrix: y = x · Wᵀ + b with W [out, in]. Linear is one;
/// quantized, fake-quantized and low-rank layers are others. The fast LM decoder and the FLOP
/// and shape summaries read any of them through this protocol.
public protocol MatrixLayer: MatrixShapedLayer {
    /// The Float32 weight [out, in] the forward pass computes with (dequantized, fake-quantized,
    /// or a factorisation multiplied out).
    func effectiveWeight() throws -> Tensor
}

/// A layer whose product runs on the integer kernels (W8A8, W4A8): the LM decoder hands its
/// rows to `integerMatrix` instead of packing a Float32 matrix.
public protocol IntegerMatrixLayer: MatrixShapedLayer {
    /// The weights as the integer kernels hold them.
    var integerMatrix: any IntegerMatrix { get }
}

/// A counter bumped by every change to any model's parameters or structure, so a cache derived
/// from a model (the LM decoder's packed weights) can tell in one comparison that nothing changed.
public enum ModelEdits {
    // Atomic: optimizers update parameters from several threads at once (data parallelism).
    private static let counter = Atomic<Int>(0)

    /// Moves on every change; equal readings mean nothing changed in between.
    public static var count: Int { counter.load(ordering: .relaxed) }

    /// Notes a change (called by `Parameter` when its value changes and by layer replacement).
    public static func record() { counter.wrappingAdd(1, ordering: .relaxed) }
}
