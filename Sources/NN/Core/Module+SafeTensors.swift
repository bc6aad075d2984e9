// Saving and loading a module's named parameters as safetensors (Hugging Face's format), so a
// checkpoint's tensor names are the dotted paths of `namedParameters()`.
import Foundation
import TensorCore

extension Module {
    /// The parameters as a name → tensor dictionary (a "state dict").
    public func stateDict() -> [String: Tensor] {
        Dictionary(namedParameters().map { ($0.0, $0.1.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes every named parameter to a safetensors file at `path`.
    public func save(to path: String, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(stateDict(), metadata: metadata, to: URL(fileURLWithPath: path))
    }

    /// Sets parameters from a state dict, checking every name and shape first, so a failed load
    /// changes nothing.
    /// - Parameter strict: also reject names in `tensors` that the model does not have.
    /// - Throws: on a missing name, an unexpected name (strict) or a shape mismatch.
    public func loadStateDict(_ tensors: [String: Tensor], strict: Bool = true) throws {
        let named = namedParameters()
        for (name, parameter) in named {
            guard let tensor = tensors[name] else {
                throw NNError.checkpoint("load: checkpoint has no tensor \"\(name)\"")
            }
            guard tensor.shape == parameter.shape else {
                throw NNError.checkpoint("load: \"\(name)\" has shape \(shapeText(tensor.shape)) in the checkpoint but \(shapeText(parameter.shape)) in the model")
            }
        }
        if strict {
            let known = Set(named.map(\.0))
            if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
                throw NNError.checkpoint("load: checkpoint tensor \"\(extra)\" is not a parameter of the model")
            }
        }
        for (name, parameter) in named {
            if let tensor = tensors[name] { parameter.value = tensor }
        }
    }

    /// Loads parameters from a safetensors file written by `save(to:)` (or by PyTorch with the same names).
    public func load(from path: String, strict: Bool = true) throws {
        try loadStateDict(try SafeTensors.read(from: URL(fileURLWithPath: path)).tensors, strict: strict)
    }
}
