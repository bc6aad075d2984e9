// Checkpoints are safetensors files with the anchor's tensor names; the config travels in the
// file's `__metadata__`, so a file describes itself.
import Foundation
import NN
import TensorCore

extension GPTModel {
    /// Loads a safetensors checkpoint.
    /// - Parameters:
    ///   - url: the .safetensors file.
    ///   - config: the expected config; nil reads it from the file's metadata.
    /// - Throws: `LMError.checkpoint` if the file cannot be read, lacks a config, or a tensor's
    ///   shape does not match the config.
    public static func load(from url: URL, config: GPTConfig? = nil) throws -> GPTModel {
        let file: SafeTensors.File
        do { file = try SafeTensors.read(from: url) } catch let error as TensorError {
            throw LMError.checkpoint("checkpoint: \(error.message)")
        }
        let resolved = try config ?? GPTConfig(metadata: file.metadata)
        for name in file.names where !resolved.parameterShapes.contains(where: { $0.name == name }) {
            throw LMError.checkpoint("checkpoint: tensor \"\(name)\" is not a parameter of this config (positions \(resolved.positions.rawValue), tied head \(resolved.tiedHead))")
        }
        return try GPTModel(config: resolved, parameters: file.tensors)
    }

    /// Writes the parameters and the config (as metadata) to a safetensors file.
    /// - Parameter metadata: extra string metadata stored next to the config.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        do {
            try SafeTensors.write(parameters, metadata: config.metadata.merging(metadata) { a, _ in a }, to: url)
        } catch let error as TensorError {
            throw LMError.checkpoint("checkpoint: \(error.message)")
        }
    }
}
