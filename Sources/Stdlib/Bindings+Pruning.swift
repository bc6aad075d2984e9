import Compression
import Interpreter
import LM
import NN
import TensorCore

/// Pruning models, measuring sparsity, and sparse (CSR) matrices.
enum PruningBindings {
    static func install(in session: Session) {
        session.interpreter.define("prune", doc: """
            prune(model, amount: 0.5, method: "magnitude", scope: "local", data: nil, seed: 0) — a pruned copy: the \
            `amount` fraction of each Linear weight (scope "local") or of all of them together (scope "global", \
            magnitude/taylor only) is set to zero and masked, so train() keeps it zero. method: "magnitude" (|w|), \
            "random", "taylor" (|w·∂L/∂w| on `data`), "l1-rows"/"l2-rows" (whole neurons by row norm, structured) or \
            "N:M" such as "2:4" (keep N of every M inputs; `amount` is then 1 − N/M and ignored). \
            filter(name) → true limits pruning to some layers (names as in model.linears, e.g. "0").
            """, params: [NativeParam("model"), NativeParam("amount", default: 0.5), NativeParam("method", default: "magnitude"),
                          NativeParam("scope", default: "local"), NativeParam("data", default: .nil), NativeParam("seed", default: 0),
                          NativeParam("filter", default: .nil)]) { args in
            let (source, wrap) = try Bridge.compressible(args[0], for: "prune")
            try Bridge.requireFiniteWeights(source, for: "prune")
            let amount = try args.number(1, "amount")
            guard amount >= 0, amount <= 1 else { throw RuntimeError("prune: expect an amount in [0, 1], got \(amount)") }
            let methodName = try args.string(2, "method")
            let scopeName = try args.string(3, "scope")
            guard let scope = PruningScope(rawValue: scopeName) else { throw RuntimeError("prune: expect scope \"local\" or \"global\", got \"\(scopeName)\"") }
            let seed = try Convert.int(args[5], for: "prune", name: "seed")
            guard seed >= 0 else { throw RuntimeError("prune: expect a seed ≥ 0, got \(seed)") }
            let method = try pruningMethod(methodName, seed: UInt64(seed))
            let module = try Bridge.plainCopy(source, for: "prune")
            if method == .taylor {
                guard !args[4].isNil else { throw RuntimeError("prune: method \"taylor\" needs data: to compute gradients") }
                try storeGradients(module, try Bridge.dataset(args[4], for: "prune"))
            }
            let filter = args[6].isNil ? nil : try args.function(6, "filter")
            var filterError: Error?
            try Compression.prune(module, sparsity: Float(amount), method: method, scope: scope) { path, _ in
                guard let filter, filterError == nil else { return filterError == nil }
                do { return try args.interpreter.call(filter, [.string(path)]).truth() } catch { filterError = error; return false }
            }
            if let filterError { throw filterError }
            module.zeroGrad()
            return try wrap(module)
        }
        session.interpreter.define("sparsity", doc: "sparsity(x) — for a tensor, the fraction of zeros; for a model, one record {layer, shape, params, zeros, sparsity} per Linear weight.",
                              params: [NativeParam("x")]) { args in
            if case .native(let object) = args[0], object is ModelValue || object is LMValue {
                return .list(ListBox(SparsityReport(try Bridge.compressible(args[0], for: "sparsity").module).rows.map { row in
                    Bridge.record([("layer", .string(row.name)), ("shape", Bridge.list(row.shape)), ("params", .number(Double(row.parameters))),
                                   ("zeros", .number(Double(row.zeros))), ("sparsity", Bridge.number(row.sparsity))])
                }))
            }
            return Bridge.number(Pruning.sparsity(try Convert.tensor(args[0], for: "sparsity")))
        }
        session.interpreter.define("unmask", doc: "unmask(model) — removes the pruning masks (pruned weights stay zero until trained again).",
                              params: [NativeParam("model")]) { args in
            removeMasks(try Bridge.modelToChange(args[0], for: "unmask"))
            return .nil
        }
        session.interpreter.define("csr", doc: "csr(t) — a 2-D tensor in compressed sparse row form (values, column indices, row pointers); 8 bytes per non-zero + 4 per row.",
                              params: [NativeParam("t")]) { args in
            .native(CSRValue(try CSRMatrix(try Convert.tensor(args[0], for: "csr"))))
        }
        session.interpreter.define("spmm", doc: "spmm(a, b) — sparse a (from csr) times dense b: only the non-zeros do work.",
                              params: [NativeParam("a"), NativeParam("b")]) { args in
            guard case .native(let a as CSRValue) = args[0] else {
                throw RuntimeError("spmm: expect a csr matrix for 'a' (use csr(t)), got \(args[0].typeName)")
            }
            return .native(TensorValue(try a.matrix.spmm(try Convert.tensor(args[1], for: "spmm"))))
        }
    }

    static func pruningMethod(_ name: String, seed: UInt64) throws -> PruningMethod {
        switch name {
        case "magnitude": return .magnitude
        case "random": return .random(seed: seed)
        case "taylor": return .taylor
        case "l1-rows": return .structured(p: 1)
        case "l2-rows": return .structured(p: 2)
        default:
            let parts = name.split(separator: ":").map { Int($0) }
            if parts.count == 2, let n = parts[0], let m = parts[1], n >= 1, m > n { return .nOfM(n: n, m: m) }
            throw RuntimeError("prune: expect method \"magnitude\", \"random\", \"taylor\", \"l1-rows\", \"l2-rows\" or \"N:M\" like \"2:4\", got \"\(name)\"")
        }
    }

    /// One forward/backward pass of cross-entropy over `data`, leaving ∂L/∂w on the parameters.
    static func storeGradients(_ module: any Module, _ data: Dataset) throws {
        module.zeroGrad()
        let loss = try Losses.crossEntropy(logits: try module(data.features), labels: data.targets)
        try loss.backward()
    }
}
