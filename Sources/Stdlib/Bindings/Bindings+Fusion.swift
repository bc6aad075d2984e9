import Interpreter
import TensorCore

/// Operator fusion: an elementwise function compiled into one pass over memory.
enum FusionBindings {
    static func install(in session: Session) {
        session.interpreter.define("fuse", doc: """
            Compiles the elementwise function f and runs it on `inputs` (a list of tensors, f's arguments in order) in \
            one pass over memory: f is called once on lazy tensors, so its +, −, ×, ÷ and elementwise functions (exp, log, \
            sqrt, tanh, sin, cos, abs, sign, floor, ceil, round, relu, sigmoid, gelu, clamp, maximum, minimum) build an \
            expression; repeated parts are computed once; the elements then flow through it a tile of 1024 at a time, so \
            intermediates stay in cache. The result equals f(inputs…) run op by op, bit for bit. Returns {out, listing, \
            operations, fused_bytes, op_by_op_bytes}: the program that was fused and the bytes per element each way moves.
            """, params: [NativeParam("f"), NativeParam("inputs")]) { args in
            let f = try args["f"]
            guard case .list(let box) = try args["inputs"] else {
                throw RuntimeError("fuse: expect a list of tensors for 'inputs', e.g. fuse(fn(a, b) { a * b + 1 }, [x, y])")
            }
            let tensors = try box.items.map { try Convert.tensor($0, for: "fuse") }
            let lazy = (0..<tensors.count).map { Value.native(LazyValue(.input($0))) }
            let traced = try args.interpreter.call(f, lazy)
            let expression = try LazyValue.expression(traced)
            let kernel = try FusedKernel(expression, inputs: tensors.count)
            let out: Tensor
            do { out = try kernel.run(tensors) } catch let error as TensorError { throw RuntimeError(error.message) }
            return Bridge.record([("out", .native(TensorValue(out))), ("listing", .string(kernel.listing)),
                                  ("operations", .number(Double(kernel.operations))),
                                  ("fused_bytes", .number(Double(kernel.fusedBytesPerElement))),
                                  ("op_by_op_bytes", .number(Double(kernel.opByOpBytesPerElement)))])
        }
    }
}
