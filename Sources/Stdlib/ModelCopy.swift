import Compression
import Interpreter
import NN
import TensorCore

/// Deep copies and rebuilds of the models the bindings create (Sequential stacks of Linear,
/// QuantizedLinear, QATLinear and parameter-free layers).
enum ModelCopy {
    /// A copy whose parameters (values and pruning masks) are new cells, so training or pruning
    /// the copy leaves the original alone. Parameter-free layers (activations) are shared.
    static func copy(_ module: any Module, for function: String = "copy_model") throws -> any Module {
        if let linear = module as? Linear { return try copyLinear(linear) }
        if let sequential = module as? Sequential {
            let rebuilt = Sequential(try sequential.layers.map { try copy($0, for: function) })
            rebuilt.isTraining = sequential.isTraining
            return rebuilt
        }
        if let fake = module as? QATLinear { return QATLinear(try copyLinear(fake.linear), config: fake.config) }
        // Codes, scales and zero points are frozen (only the bias could train), so sharing the
        // quantized layer keeps it exact; requantizing a dequantized copy could move its scales.
        if module is QuantizedLinear { return module }
        if module.localParameters.isEmpty && module.namedChildren.isEmpty { return module }
        throw RuntimeError("\(function): cannot copy a \(module.summaryName) layer; only Sequential/Linear models are supported")
    }

    static func copyLinear(_ linear: Linear) throws -> Linear {
        let copy = try Linear(linear.inFeatures, linear.outFeatures, bias: linear.bias != nil, seed: 0)
        copy.weight.value = linear.weight.value
        copy.weight.mask = linear.weight.mask
        if let bias = linear.bias, let newBias = copy.bias {
            newBias.value = bias.value
            newBias.mask = bias.mask
        }
        copy.isTraining = linear.isTraining
        return copy
    }

    /// The same model with every QATLinear replaced by its (trained) Float32 Linear, shared.
    static func withoutFakeQuant(_ module: any Module) -> any Module {
        if let fake = module as? QATLinear { return fake.linear }
        if let sequential = module as? Sequential {
            let rebuilt = Sequential(sequential.layers.map(withoutFakeQuant))
            rebuilt.isTraining = sequential.isTraining
            return rebuilt
        }
        return module
    }

    /// Rebuilds a Sequential model with `transform` applied to every Linear (nested Sequentials too).
    static func mapLinears(_ module: any Module, path: String = "", for function: String,
                           _ transform: (String, Linear) throws -> any Module) throws -> any Module {
        if let linear = module as? Linear { return try transform(path, linear) }
        if let sequential = module as? Sequential {
            let layers = try sequential.namedChildren.map { name, child in
                try mapLinears(child, path: path.isEmpty ? name : path + "." + name, for: function, transform)
            }
            let rebuilt = Sequential(layers)
            rebuilt.isTraining = sequential.isTraining
            return rebuilt
        }
        return try copy(module, for: function)
    }
}
