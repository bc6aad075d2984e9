// The adapter alone as a file: every trainable weight of a model whose base is frozen (LoRA's A
// and B, Houlsby adapters, an unfrozen head), under "base_model.model." + its dotted name. For
// LoRA that is exactly Hugging Face PEFT's key ("base_model.model.h.0.attn.qkv.lora_A.weight"),
// and r, α, rsLoRA and the target layers go in the metadata as PEFT's adapter_config names them.
// A few kilobytes then turn the shared base model into the tuned one.
import Foundation
import NN
import TensorCore

/// PEFT's prefix for the wrapped model's weights.
let peftPrefix = "base_model.model."

/// The trainable weights under PEFT's names.
public func adapterStateDict(_ model: any Module) -> [String: Tensor] {
    Dictionary(model.namedParameters().filter { $0.1.requiresGrad }.map { (peftPrefix + $0.0, $0.1.value) },
               uniquingKeysWith: { first, _ in first })
}

/// Writes the trainable weights alone as safetensors (see the file comment).
/// - Throws: when every weight is trainable (that is the whole model: save it instead), none is,
///   or a LoRA layer is merged (its update then lives inside the frozen base weight).
public func saveAdapter(_ model: any Module, to url: URL) throws {
    let trainable = model.parameters.filter(\.requiresGrad)
    guard !trainable.isEmpty else { throw CompressionError.argument("save_adapter: nothing is trainable; add lora or adapters, or unfreeze a part") }
    guard trainable.count < model.parameters.count else {
        throw CompressionError.argument("save_adapter: every weight is trainable, so the adapter would be the whole model; save the model itself")
    }
    let lora = loraLayers(of: model)
    if lora.contains(where: { $0.layer.isMerged }) {
        throw CompressionError.argument("save_adapter: unmerge the LoRA layers first (a merged update lives inside the base weights)")
    }
    var metadata = ["format": "pt"]
    if let first = lora.first?.layer {
        metadata.merge(["peft_type": "LORA", "r": "\(first.rank)", "lora_alpha": "\(first.alpha)",
                        "use_rslora": "\(first.rankStabilized)", "target_modules": lora.map(\.path).joined(separator: ",")]) { a, _ in a }
    }
    try SafeTensors.write(adapterStateDict(model), metadata: metadata, to: url)
}

/// Loads a file written by `saveAdapter` into a model prepared the same way (the same LoRA
/// targets and rank, the same adapters, the same part unfrozen). Every name and shape is checked
/// before anything changes.
/// - Throws: on a tensor the model lacks, a trainable weight the file lacks, or a shape mismatch.
public func loadAdapter(into model: any Module, from url: URL) throws {
    let tensors = try SafeTensors.read(from: url).tensors
    let named = Dictionary(model.namedParameters().map { (peftPrefix + $0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
    for key in tensors.keys.sorted() {
        guard let parameter = named[key] else {
            throw CompressionError.argument("load_adapter: the file's tensor \"\(key)\" matches no weight of the model (prepare it as the adapter was: same lora targets and rank, or the same adapters)")
        }
        guard tensors[key]!.shape == parameter.shape else {
            throw CompressionError.argument("load_adapter: \"\(key)\" is \(shapeText(tensors[key]!.shape)) in the file but \(shapeText(parameter.shape)) in the model (another rank or size?)")
        }
    }
    if let missing = named.filter({ $0.value.requiresGrad && tensors[$0.key] == nil }).keys.sorted().first {
        throw CompressionError.argument("load_adapter: the file has no tensor \"\(missing)\"")
    }
    if loraLayers(of: model).contains(where: { $0.layer.isMerged }) {
        throw CompressionError.argument("load_adapter: unmerge the LoRA layers first")
    }
    for (key, tensor) in tensors { named[key]!.value = tensor }
}
