// Module: the building block of every model (PyTorch's nn.Module).
//
// A module owns some parameters directly (`localParameters`) and some sub-modules
// (`namedChildren`); everything else (named parameter paths, counts, bytes, train/eval, saving)
// is derived from those two lists, so a new layer only lists what it owns and writes `forward`.
//
//     final class Scale: Module {
//         var isTraining = true
//         let factor = Parameter(try Tensor.ones([1]))
//         var localParameters: [(String, Parameter)] { [("factor", factor)] }
//         func forward(_ x: Variable) throws -> Variable { try x * factor.variable }
//     }
import TensorCore

/// A layer or model: parameters, sub-modules and a forward pass.
public protocol Module: AnyObject {
    /// The parameters this module owns directly, with their local names ("weight", "bias").
    var localParameters: [(String, Parameter)] { get }
    /// Direct sub-modules with their local names ("0", "attn", "mlp").
    var namedChildren: [(String, any Module)] { get }
    /// Training mode (dropout active) or evaluation mode; set through `train()` / `eval()`.
    var isTraining: Bool { get set }
    /// A short type label for summaries, e.g. "Linear(64 → 10)".
    var summaryName: String { get }
    /// The forward pass.
    func forward(_ x: Variable) throws -> Variable
    /// A deep copy: new `Parameter` cells (same values and masks), so training or compressing the
    /// copy leaves this module alone. Parameter-free leaves may return themselves.
    func copy() throws -> any Module
    /// Replaces the direct child `name` (one of `namedChildren`) by `module`, as mlx's
    /// `update(modules:)` does; compression swaps a Linear for a quantized or factorised layer so.
    /// - Throws: when there is no such child or this module cannot hold that kind of layer there.
    func setChild(_ name: String, to module: any Module) throws
}

extension Module {
    public var localParameters: [(String, Parameter)] { [] }
    public var namedChildren: [(String, any Module)] { [] }
    public var summaryName: String { String(describing: type(of: self)) }

    /// Parameter-free leaves (activations) are shared; any other module must implement `copy`.
    public func copy() throws -> any Module {
        guard localParameters.isEmpty, namedChildren.isEmpty else {
            throw NNError.argument("copy: \(summaryName) does not implement copy()")
        }
        return self
    }

    public func setChild(_ name: String, to module: any Module) throws {
        throw NNError.argument("\(summaryName) has no replaceable layer \"\(name)\"")
    }

    /// Runs `forward` on a variable.
    public func callAsFunction(_ x: Variable) throws -> Variable { try forward(x) }

    /// Runs `forward` on a plain tensor (an input that needs no gradient).
    public func callAsFunction(_ x: Tensor) throws -> Variable { try forward(Variable(x)) }

    /// Every parameter with its dotted path, depth-first in declaration order
    /// ("layers.0.weight", "blocks.1.attn.qkv.bias"). A parameter shared by two modules is listed once.
    public func namedParameters() -> [(String, Parameter)] {
        var out: [(String, Parameter)] = []
        var seen = Set<ObjectIdentifier>()
        for (prefix, module) in namedModules() {
            for (name, parameter) in module.localParameters where seen.insert(ObjectIdentifier(parameter)).inserted {
                out.append((prefix.isEmpty ? name : prefix + "." + name, parameter))
            }
        }
        return out
    }

    /// This module (path "") and every sub-module with its dotted path, depth-first.
    public func namedModules() -> [(String, any Module)] {
        var out: [(String, any Module)] = [("", self)]
        for (name, child) in namedChildren {
            for (path, module) in child.namedModules() {
                out.append((path.isEmpty ? name : name + "." + path, module))
            }
        }
        return out
    }

    /// All parameters, in `namedParameters()` order.
    public var parameters: [Parameter] { namedParameters().map(\.1) }

    /// The parameter at a dotted path, or nil.
    public func parameter(named path: String) -> Parameter? {
        namedParameters().first { $0.0 == path }?.1
    }

    /// The sub-module at a dotted path ("" is self), or nil.
    public func module(named path: String) -> (any Module)? {
        namedModules().first { $0.0 == path }?.1
    }

    /// Total number of parameter elements.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Total bytes of parameter storage (quantized parameters count at their real size).
    public var byteSize: Int { parameters.reduce(0) { $0 + $1.bytes } }

    /// Switches this module and all sub-modules to training mode (dropout on).
    public func train() { setMode(training: true) }

    /// Switches this module and all sub-modules to evaluation mode (dropout off).
    public func eval() { setMode(training: false) }

    private func setMode(training: Bool) {
        for (_, module) in namedModules() { module.isTraining = training }
    }

    /// Clears the gradients of all parameters.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }

    /// One line per parameter: path, shape and element count, then totals.
    public var summary: String {
        var lines = ["\(summaryName): \(parameterCount) parameters, \(byteSize) bytes"]
        for (name, parameter) in namedParameters() {
            lines.append("  \(name) \(shapeText(parameter.shape)) \(parameter.value.dtype)")
        }
        return lines.joined(separator: "\n")
    }
}
