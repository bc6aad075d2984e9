import Compression
import Interpreter
import LM
import NN
import TensorCore

/// Pruning models, measuring sparsity, and sparse (CSR) matrices.
enum PruningBindings {
    static func install(in session: Session) {
        session.interpreter.define("prune", doc: """
            A pruned copy: the \
            `amount` fraction of each Linear weight (scope "local") or of all of them together (scope "global", \
            magnitude/taylor only) is set to zero and masked, so train() keeps it zero. method: "magnitude" (|w|), \
            "random", "taylor" (|w·∂L/∂w| on `data`), "l1-rows"/"l2-rows" (whole neurons by row norm, structured) or \
            "N:M" such as "2:4" (keep N of every M inputs; `amount` is then 1 − N/M and ignored). \
            filter(name) → true limits pruning to some layers (names as in model.linears, e.g. "0").
            """, params: [NativeParam("model"), .number("amount", default: 0.5, in: 0...1), .string("method", default: "magnitude"),
                          .choice("scope", ["local", "global"], default: "local"), NativeParam("data", default: .nil),
                          .int("seed", default: 0, atLeast: 0), .function("filter", default: .nil)]) { args in
            let (source, wrap) = try Bridge.compressible(try args["model"], for: "prune")
            try Bridge.requireFiniteWeights(source, for: "prune")
            let amount = try args.number("amount")
            let methodName = try args.string("method")
            let scope = PruningScope(rawValue: try args.string("scope")) ?? .local
            let method = try pruningMethod(methodName, seed: UInt64(try args.int("seed")))
            let module = try Bridge.plainCopy(source, for: "prune")
            if method == .taylor {
                guard try !args.isNil("data") else { throw RuntimeError("prune: method \"taylor\" needs data: to compute gradients") }
                try storeGradients(module, try Bridge.dataset(try args["data"], for: "prune"))
            }
            let filter = try args.optionalFunction("filter")
            var filterError: Error?
            try Compression.prune(module, sparsity: Float(amount), method: method, scope: scope) { path, _ in
                guard let filter, filterError == nil else { return filterError == nil }
                do { return try args.interpreter.call(filter, [.string(path)]).truth() } catch { filterError = error; return false }
            }
            if let filterError { throw filterError }
            module.zeroGrad()
            return try wrap(module)
        }
        session.interpreter.define("sparsity", doc: "For a tensor, the fraction of zeros; for a model, one record {layer, shape, params, zeros, sparsity} per Linear weight.",
                              params: [NativeParam("x")]) { args in
            if case .native(let object) = try args["x"], object is ModelValue || object is LMValue {
                return .list(ListBox(SparsityReport(try Bridge.compressible(try args["x"], for: "sparsity").module).rows.map { row in
                    Bridge.record([("layer", .string(row.name)), ("shape", Bridge.list(row.shape)), ("params", .number(Double(row.parameters))),
                                   ("zeros", .number(Double(row.zeros))), ("sparsity", Bridge.number(row.sparsity))])
                }))
            }
            return Bridge.number(Pruning.sparsity(try Convert.tensor(try args["x"], for: "sparsity")))
        }
        session.interpreter.define("unmask", doc: "Removes the pruning masks (pruned weights stay zero until trained again).",
                              params: [NativeParam("model")]) { args in
            removeMasks(try Bridge.modelToChange(try args["model"], for: "unmask"))
            return .nil
        }
        session.interpreter.define("csr", doc: "A 2-D tensor in compressed sparse row form (values, column indices, row pointers); 8 bytes per non-zero + 4 per row.",
                              params: [NativeParam("t")]) { args in
            .native(CSRValue(try CSRMatrix(try Convert.tensor(try args["t"], for: "csr"))))
        }
        session.interpreter.define("spmm", doc: "Sparse a (from csr) times dense b: only the non-zeros do work.",
                              params: [NativeParam("a"), NativeParam("b")]) { args in
            guard case .native(let a as CSRValue) = try args["a"] else {
                throw RuntimeError("spmm: expect a csr matrix for 'a' (use csr(t)), got \(try args["a"].typeName)")
            }
            return .native(TensorValue(try a.matrix.spmm(try Convert.tensor(try args["b"], for: "spmm"))))
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
