// Checkpoints keep the numpy anchor's tensor names and layout (bench/lm/tiny_gpt_numpy.py):
// "h0.attn.wqkv" stored (in, out). The network (NN's `GPT`) names the same tensors by module
// path, PyTorch-style: "h.0.attn.qkv.weight" stored [out, in]. This table is the one place the
// two meet; matrices are transposed on the way in and out, which is exact.
import NN

enum CheckpointNames {
    /// The network path of an anchor name, and whether the stored matrix is transposed.
    static func networkPath(_ anchor: String) -> (path: String, transposed: Bool)? {
        switch anchor {
        case "wte": return ("wte.weight", false)
        case "wpe": return ("wpe.weight", false)
        case "lnf.g": return ("ln_f.weight", false)
        case "lnf.b": return ("ln_f.bias", false)
        case "lm_head": return ("lm_head.weight", true)
        default: break
        }
        // "h<l>.<part>"
        guard anchor.hasPrefix("h"), let dot = anchor.firstIndex(of: "."),
              let layer = Int(anchor[anchor.index(after: anchor.startIndex)..<dot]) else { return nil }
        let part = String(anchor[anchor.index(after: dot)...])
        let table: [String: (String, Bool)] = [
            "ln1.g": ("ln1.weight", false), "ln1.b": ("ln1.bias", false),
            "attn.wqkv": ("attn.qkv.weight", true), "attn.bqkv": ("attn.qkv.bias", false),
            "attn.wo": ("attn.proj.weight", true), "attn.bo": ("attn.proj.bias", false),
            "ln2.g": ("ln2.weight", false), "ln2.b": ("ln2.bias", false),
            "mlp.w1": ("mlp.fc1.weight", true), "mlp.b1": ("mlp.fc1.bias", false),
            "mlp.w2": ("mlp.fc2.weight", true), "mlp.b2": ("mlp.fc2.bias", false),
        ]
        guard let (path, transposed) = table[part] else { return nil }
        return ("h.\(layer).\(path)", transposed)
    }
}
