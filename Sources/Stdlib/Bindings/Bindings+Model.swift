import Compression
import Interpreter
import NN
import TensorCore

/// Models: building, inspecting, copying, measuring.
enum ModelBindings {
    static func install(in session: Session) {
        session.interpreter.define("mlp", doc: """
            A multilayer perceptron: Linear layers of the given sizes \
            with the activation ("relu", "gelu", "tanh", "sigmoid") between them, e.g. mlp([64, 128, 10]).
            """, params: [NativeParam("sizes"), NativeParam("activation", default: "relu"), NativeParam("seed", default: .nil)]) { args in
            let sizes = try args.list("sizes").map { try Convert.int($0, for: "mlp", name: "sizes") }
            guard sizes.allSatisfy({ $0 > 0 }) else { throw RuntimeError("mlp: expect positive layer sizes, got \(sizes)") }
            let activation = try args.string("activation")
            return .native(ModelValue(try NN.mlp(sizes, activation: activation, seed: try session.seed(try args["seed"], for: "mlp"))))
        }
        session.interpreter.define("weight", doc: "A parameter as a tensor, by its dotted name (model.names lists them, e.g. \"0.weight\").",
                              params: [NativeParam("model"), NativeParam("name")]) { args in
            let module = try Bridge.compressible(try args["model"], for: "weight").module
            return .native(TensorValue(try parameter(module, try args.string("name"), for: "weight").value))
        }
        session.interpreter.define("set_weight", doc: "Replace a parameter's values (same shape); a pruning mask, if any, still applies when training.",
                              params: [NativeParam("model"), NativeParam("name"), NativeParam("t")]) { args in
            let module = try Bridge.networkToChange(try args["model"], for: "set_weight")
            let p = try parameter(module, try args.string("name"), for: "set_weight")
            let t = try Convert.tensor(try args["t"], for: "set_weight")
            guard t.shape == p.shape else { throw RuntimeError("set_weight: expect shape \(p.shape) for '\(try args.string("name"))', got \(t.shape)") }
            guard p.value.dtype == .float32 else { throw RuntimeError("set_weight: '\(try args.string("name"))' holds quantized codes; set the weights before quantizing") }
            p.value = t.astype(.float32)
            return .nil
        }
        session.interpreter.define("copy_model", doc: "An independent copy (new weights and masks), so training one leaves the other alone.",
                              params: [NativeParam("m")]) { args in
            let (module, wrap) = try Bridge.compressible(try args["m"], for: "copy_model", name: "m")
            do { return try wrap(try module.copy()) } catch let error as NNError { throw RuntimeError("copy_model: \(error.message)") }
        }
        session.interpreter.define("flops", doc: "Floating-point operations of one forward pass: 2·in·out per input row and Linear layer (a multiply-add is 2).",
                              params: [NativeParam("model"), NativeParam("batch", default: 1)]) { args in
            let module = try Bridge.model(try args["model"], for: "flops")
            let rows = try args.int("batch")
            guard rows > 0 else { throw RuntimeError("flops: expect a batch ≥ 1, got \(rows)") }
            return .number(Double(ModelValue.flops(module, rows: rows)))
        }
        session.interpreter.define("latency_ms", doc: """
            Median wall-clock milliseconds of one forward pass on a batch \
            (after one warm-up run). A measurement: it differs from run to run.
            """, params: [NativeParam("model"), NativeParam("batch", default: 256), NativeParam("runs", default: 11)]) { args in
            let module = try Bridge.model(try args["model"], for: "latency_ms")
            let rows = try args.int("batch"), runs = try args.int("runs")
            guard rows > 0, runs > 0 else { throw RuntimeError("latency_ms: expect batch ≥ 1 and runs ≥ 1") }
            guard let inputs = ModelValue.inputFeatures(module) else { throw RuntimeError("latency_ms: the model has no Linear layer") }
            let x = try Tensor.randn([rows, inputs], seed: 0)
            return .number(try Metrics.medianSeconds(runs: runs) { _ = try predict(module, x) } * 1000)
        }
        session.interpreter.define("time_ms", doc: "Median wall-clock milliseconds of calling f() (after one warm-up call). A measurement: it differs from run to run.",
                              params: [NativeParam("f"), NativeParam("runs", default: 11)]) { args in
            let f = try args.function("f")
            let runs = try args.int("runs")
            guard runs > 0 else { throw RuntimeError("time_ms: expect runs ≥ 1, got \(runs)") }
            return .number(try Metrics.medianSeconds(runs: runs) { _ = try args.interpreter.call(f, []) } * 1000)
        }
    }

    static func parameter(_ module: any Module, _ name: String, for function: String) throws -> NN.Parameter {
        if let p = module.parameter(named: name) { return p }
        let names = module.namedParameters().map(\.0)
        throw RuntimeError("\(function): no parameter named '\(name)'; expect one of \(names.joined(separator: ", "))")
    }
}
