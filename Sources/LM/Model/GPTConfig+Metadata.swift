// A config travels in a checkpoint's safetensors `__metadata__` as strings, so a file describes itself.
import NN

extension GPTConfig {
    /// The config as safetensors metadata (string values).
    var metadata: [String: String] {
        ["vocab": "\(vocabularySize)", "context": "\(context)", "width": "\(width)", "heads": "\(heads)",
         "layers": "\(layers)", "mlp_ratio": "\(mlpRatio)", "positions": positions.rawValue,
         "tied_head": tiedHead ? "true" : "false", "rope_base": "\(ropeBase)", "ln_eps": "\(layerNormEps)"]
    }

    /// Reads a config from safetensors metadata written by `metadata`.
    init(metadata m: [String: String]) throws {
        func int(_ key: String) throws -> Int {
            guard let s = m[key], let v = Int(s) else {
                throw LMError.checkpoint("checkpoint: metadata lacks an integer \"\(key)\"; pass a GPTConfig explicitly")
            }
            return v
        }
        self.init(vocabularySize: try int("vocab"), context: try int("context"), width: try int("width"),
                  heads: try int("heads"), layers: try int("layers"), mlpRatio: try int("mlp_ratio"))
        if let p = m["positions"] {
            guard let positions = Positions(rawValue: p) else {
                throw LMError.checkpoint("checkpoint: unknown positions \"\(p)\" (use rotary or learned)")
            }
            self.positions = positions
        }
        tiedHead = m["tied_head"] == "true"
        if let s = m["rope_base"], let v = Float(s) { ropeBase = v }
        if let s = m["ln_eps"], let v = Float(s) { layerNormEps = v }
    }
}
