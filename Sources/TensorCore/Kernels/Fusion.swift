// Operator fusion for elementwise expressions: what a compiler (TVM, XLA, PyTorch's Inductor)
// does with `a * b + c`, bias + GELU or a quantize–dequantize round trip.
//
// Run op by op, every operation is a pass over memory: it reads its operands from DRAM and writes
// a temporary back, so a chain of n operations over N floats moves about 4·N·(2n + 1) bytes and
// is limited by memory bandwidth, not arithmetic. Fused, the chain reads each input once and
// writes the result once. This fusion works as numexpr does: the expression becomes a short
// program over registers of `tileSize` floats; the elements are processed a tile at a time, so
// every intermediate lives in L1 cache and only the inputs and the output touch memory.
//
// Every operation computes each element exactly as the corresponding Tensor op does (the same
// scalar functions in the same order), so a fused result equals op-by-op execution bit for bit.
// In TVM's vocabulary all of these operators are "elementwise" (injective); a reduction (sum,
// softmax's max) would end a fused group.
import Dispatch
import Foundation

/// An elementwise expression over numbered inputs.
public indirect enum ElementwiseExpression: Hashable, Sendable {
    case input(Int)
    case constant(Float)
    case unary(ElementwiseUnary, ElementwiseExpression)
    case binary(ElementwiseBinary, ElementwiseExpression, ElementwiseExpression)

    /// Operations in the expression (inputs and constants are not operations).
    public var operationCount: Int {
        switch self {
        case .input, .constant: return 0
        case .unary(_, let x): return 1 + x.operationCount
        case .binary(_, let a, let b): return 1 + a.operationCount + b.operationCount
        }
    }
}

/// One-operand elementwise operations, named as the language names them.
public enum ElementwiseUnary: String, CaseIterable, Sendable {
    case negate = "-", exp, log, sqrt, tanh, sin, cos, abs, sign, floor, ceil, round, relu, sigmoid, gelu

    /// The value for one element: the one definition of each formula, which the Tensor op of
    /// the same name (Tensor+Math.swift) and the fused loops below both apply.
    @inline(__always)
    func apply(_ x: Float) -> Float {
        switch self {
        case .negate: return -x
        case .exp: return fastExp(x)
        case .log: return Foundation.log(x)
        case .sqrt: return x.squareRoot()
        case .tanh: return fastTanh(x)
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .abs: return Swift.abs(x)
        case .sign: return x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : .nan))
        case .floor: return x.rounded(.down)
        case .ceil: return x.rounded(.up)
        case .round: return x.rounded(.toNearestOrEven)
        case .relu: return x > 0 ? x : 0
        case .sigmoid:
            let e = fastExp(-Swift.abs(x))
            return x >= 0 ? 1 / (1 + e) : e / (1 + e)
        case .gelu: return Kernels.gelu(x)
        }
    }

    /// The op-by-op form: the Tensor operation itself (the language's exp, tanh, … call this).
    public func apply(_ t: Tensor) -> Tensor {
        switch self {
        case .negate: return t.mapElements { -$0 }
        case .exp: return t.exp()
        case .log: return t.log()
        case .sqrt: return t.sqrt()
        case .tanh: return t.tanh()
        case .sin: return t.sin()
        case .cos: return t.cos()
        case .abs: return t.abs()
        case .sign: return t.sign()
        case .floor: return t.floor()
        case .ceil: return t.ceil()
        case .round: return t.rounded()
        case .relu: return t.relu()
        case .sigmoid: return t.sigmoid()
        case .gelu: return t.gelu()
        }
    }
}

/// Two-operand elementwise operations.
public enum ElementwiseBinary: String, CaseIterable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", maximum, minimum

    @inline(__always)
    func apply(_ a: Float, _ b: Float) -> Float {
        switch self {
        case .add: return AddKernel.apply(a, b)
        case .subtract: return SubKernel.apply(a, b)
        case .multiply: return MulKernel.apply(a, b)
        case .divide: return DivKernel.apply(a, b)
        case .maximum: return MaxKernel.apply(a, b)
        case .minimum: return MinKernel.apply(a, b)
        }
    }

    func apply(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        switch self {
        case .add: return try a + b
        case .subtract: return try a - b
        case .multiply: return try a * b
        case .divide: return try a / b
        case .maximum: return try a.maximum(b)
        case .minimum: return try a.minimum(b)
        }
    }
}

/// An elementwise expression compiled into one pass over memory.
public struct FusedKernel: Sendable {
    /// Where an instruction reads an operand.
    enum Operand: Hashable, Sendable {
        case input(Int), constant(Float), register(Int)
    }
    enum Instruction: Sendable {
        case unary(ElementwiseUnary, Operand, into: Int)
        case binary(ElementwiseBinary, Operand, Operand, into: Int)
    }

    /// Floats per register: 4 KB, so a handful of registers stay in L1 cache.
    public static let tileSize = 1024

    public let expression: ElementwiseExpression
    public let inputCount: Int
    let instructions: [Instruction]
    let result: Operand
    let registerCount: Int

    /// Compiles `expression`; repeated subexpressions are computed once.
    /// - Throws: when it names an input outside 0..<inputs.
    public init(_ expression: ElementwiseExpression, inputs: Int) throws {
        var instructions: [Instruction] = []
        var seen: [ElementwiseExpression: Operand] = [:]
        var registers = 0
        var maxInput = -1
        func compile(_ e: ElementwiseExpression) -> Operand {
            if let done = seen[e] { return done }
            let operand: Operand
            switch e {
            case .input(let i):
                maxInput = Swift.max(maxInput, i)
                operand = .input(i)
            case .constant(let c): operand = .constant(c)
            case .unary(let op, let x):
                let a = compile(x)
                operand = .register(registers)
                instructions.append(.unary(op, a, into: registers))
                registers += 1
            case .binary(let op, let x, let y):
                let (a, b) = (compile(x), compile(y))
                operand = .register(registers)
                instructions.append(.binary(op, a, b, into: registers))
                registers += 1
            }
            seen[e] = operand
            return operand
        }
        let result = compile(expression)
        guard maxInput < inputs else {
            throw TensorError.argument("fuse: the expression reads input \(maxInput) of \(inputs)")
        }
        self.expression = expression
        self.inputCount = inputs
        self.instructions = instructions
        self.result = result
        self.registerCount = registers
    }

    /// Operations the pass performs per element (after removing repeated subexpressions).
    public var operations: Int { instructions.count }

    /// Bytes moved per element when fused: each input read once, the result written once.
    public var fusedBytesPerElement: Int { 4 * (inputCount + 1) }

    /// Bytes moved per element op by op: every operation reads its tensor operands and writes
    /// its result.
    public var opByOpBytesPerElement: Int {
        instructions.reduce(0) { total, instruction in
            func tensorBytes(_ o: Operand) -> Int { if case .constant = o { return 0 } else { return 4 } }
            switch instruction {
            case .unary(_, let a, _): return total + tensorBytes(a) + 4
            case .binary(_, let a, let b, _): return total + tensorBytes(a) + tensorBytes(b) + 4
            }
        }
    }

    /// The program, one instruction per line: what was fused into the single pass.
    public var listing: String {
        func name(_ o: Operand) -> String {
            switch o {
            case .input(let i): return "x\(i)"
            case .constant(let c): return c == c.rounded() && Swift.abs(c) < 1e7 ? String(Int(c)) : String(c)
            case .register(let r): return "t\(r)"
            }
        }
        var lines = instructions.map { instruction -> String in
            switch instruction {
            case .unary(let op, let a, let r):
                return op == .negate ? "t\(r) = -\(name(a))" : "t\(r) = \(op.rawValue)(\(name(a)))"
            case .binary(let op, let a, let b, let r):
                switch op {
                case .maximum, .minimum: return "t\(r) = \(op.rawValue)(\(name(a)), \(name(b)))"
                default: return "t\(r) = \(name(a)) \(op.rawValue) \(name(b))"
                }
            }
        }
        lines.append("out = \(name(result))")
        return "fused: \(inputCount) input\(inputCount == 1 ? "" : "s"), \(operations) operation\(operations == 1 ? "" : "s"), one pass "
            + "(\(fusedBytesPerElement) bytes per element; op by op \(opByOpBytesPerElement))\n" + lines.joined(separator: "\n")
    }

    /// Runs the fused pass over same-shape inputs on up to `threads` threads (tiles are split
    /// between them; every element is computed the same way whatever the split).
    /// - Throws: on a wrong number of inputs or differing shapes.
    public func run(_ inputs: [Tensor], threads: Int = TensorCore.threads) throws -> Tensor {
        let dense = try FusedKernel.commonShape(inputs, expected: inputCount)
        let shape = dense.first?.shape ?? []
        var out = try Tensor(uninitialized: shape, op: "fuse")
        let n = out.count
        let sources = dense.map { $0.floatPointer }
        let target = out.storage.floats
        let tiles = (n + FusedKernel.tileSize - 1) / FusedKernel.tileSize
        let parts = Swift.max(1, Swift.min(threads, n >= parallelThreshold ? tiles : 1))
        withExtendedLifetime(dense) {
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let registers = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(registerCount, 1) * FusedKernel.tileSize)
                defer { registers.deallocate() }
                var tile = part
                while tile < tiles {
                    let start = tile * FusedKernel.tileSize
                    runTile(start: start, count: Swift.min(FusedKernel.tileSize, n - start), sources: sources,
                            registers: registers, target: target)
                    tile += parts
                }
            }
        }
        out.shape = shape
        return out
    }

    /// The same expression evaluated op by op with Tensor operations: one pass per operation.
    public func runOpByOp(_ inputs: [Tensor]) throws -> Tensor {
        let dense = try FusedKernel.commonShape(inputs, expected: inputCount)
        var values: [Int: Tensor] = [:]
        func value(_ o: Operand) -> Tensor {
            switch o {
            case .input(let i): return dense[i]
            case .constant(let c): return Tensor(c)
            case .register(let r): return values[r]!
            }
        }
        for instruction in instructions {
            switch instruction {
            case .unary(let op, let a, let r): values[r] = op.apply(value(a))
            case .binary(let op, let a, let b, let r): values[r] = try op.apply(value(a), value(b))
            }
        }
        // An expression that is an input or a constant alone still returns a fresh tensor.
        let shape = dense.first?.shape ?? []
        switch result {
        case .register(let r): return values[r]!
        default: return try value(result).broadcast(to: shape).contiguous().mapElements { $0 }
        }
    }

    /// The inputs broadcast to their common shape, as contiguous Float32.
    static func commonShape(_ inputs: [Tensor], expected: Int) throws -> [Tensor] {
        guard inputs.count == expected else {
            throw TensorError.argument("fuse: the expression takes \(expected) input\(expected == 1 ? "" : "s"), got \(inputs.count)")
        }
        guard let first = inputs.first else { return [] }
        let shape = try inputs.dropFirst().reduce(first.shape) { try Tensor.broadcastShapes($0, $1.shape, op: "fuse") }
        return try inputs.map { $0.shape == shape ? $0.dense() : try $0.broadcast(to: shape).contiguous().dense() }
    }

    @inline(__always)
    private func runTile(start: Int, count: Int, sources: [UnsafeMutablePointer<Float>],
                         registers: UnsafeMutablePointer<Float>, target: UnsafeMutablePointer<Float>) {
        @inline(__always) func pointer(_ o: Operand) -> UnsafePointer<Float>? {
            switch o {
            case .input(let i): return UnsafePointer(sources[i] + start)
            case .register(let r): return UnsafePointer(registers + r * FusedKernel.tileSize)
            case .constant: return nil
            }
        }
        let last = instructions.count - 1
        for (index, instruction) in instructions.enumerated() {
            // The last instruction writes straight into the output when it computes the result.
            @inline(__always) func destination(_ r: Int) -> UnsafeMutablePointer<Float> {
                index == last && result == .register(r) ? target + start : registers + r * FusedKernel.tileSize
            }
            switch instruction {
            case .unary(let op, let a, let r):
                let out = destination(r)
                if let x = pointer(a) {
                    FusedKernel.unaryLoop(op, x, out, count)
                } else if case .constant(let c) = a {
                    out.initialize(repeating: op.apply(c), count: count)
                }
            case .binary(let op, let a, let b, let r):
                let out = destination(r)
                switch (pointer(a), pointer(b)) {
                case let (x?, y?): FusedKernel.binaryLoop(op, x, y, out, count)
                case let (x?, nil):
                    guard case .constant(let c) = b else { break }
                    FusedKernel.binaryLoop(op, x, constant: c, onLeft: false, out, count)
                case let (nil, y?):
                    guard case .constant(let c) = a else { break }
                    FusedKernel.binaryLoop(op, y, constant: c, onLeft: true, out, count)
                case (nil, nil):
                    guard case .constant(let c) = a, case .constant(let d) = b else { break }
                    out.initialize(repeating: op.apply(c, d), count: count)
                }
            }
        }
        if case .register = result, !instructions.isEmpty { return }
        if let source = pointer(result) {
            (target + start).update(from: source, count: count)
        } else if case .constant(let c) = result {
            (target + start).initialize(repeating: c, count: count)
        }
    }

    // One loop per operation, so the switch is outside the loop and each loop vectorises: `each`
    // is inlined with a constant operation, and `apply`'s switch folds away.
    private static func unaryLoop(_ op: ElementwiseUnary, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        @inline(__always) func each(_ f: ElementwiseUnary) { for i in 0..<n { y[i] = f.apply(x[i]) } }
        switch op {
        case .negate: each(.negate)
        case .exp: each(.exp)
        case .tanh: each(.tanh)
        case .relu: each(.relu)
        case .abs: each(.abs)
        case .round: each(.round)
        case .floor: each(.floor)
        case .ceil: each(.ceil)
        case .sqrt: each(.sqrt)
        case .gelu: Kernels.gelu(x, y, count: n)
        default: each(op)
        }
    }

    private static func binaryLoop(_ op: ElementwiseBinary, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                   _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        switch op {
        case .add: for i in 0..<n { y[i] = a[i] + b[i] }
        case .subtract: for i in 0..<n { y[i] = a[i] - b[i] }
        case .multiply: for i in 0..<n { y[i] = a[i] * b[i] }
        case .divide: for i in 0..<n { y[i] = a[i] / b[i] }
        case .maximum: for i in 0..<n { y[i] = MaxKernel.apply(a[i], b[i]) }
        case .minimum: for i in 0..<n { y[i] = MinKernel.apply(a[i], b[i]) }
        }
    }

    private static func binaryLoop(_ op: ElementwiseBinary, _ a: UnsafePointer<Float>, constant c: Float, onLeft: Bool,
                                   _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        switch (op, onLeft) {
        case (.add, false): for i in 0..<n { y[i] = a[i] + c }
        case (.add, true): for i in 0..<n { y[i] = c + a[i] }
        case (.multiply, false): for i in 0..<n { y[i] = a[i] * c }
        case (.multiply, true): for i in 0..<n { y[i] = c * a[i] }
        case (.subtract, false): for i in 0..<n { y[i] = a[i] - c }
        case (.subtract, true): for i in 0..<n { y[i] = c - a[i] }
        case (.divide, false): for i in 0..<n { y[i] = a[i] / c }
        case (.divide, true): for i in 0..<n { y[i] = c / a[i] }
        case (.maximum, false): for i in 0..<n { y[i] = MaxKernel.apply(a[i], c) }
        case (.maximum, true): for i in 0..<n { y[i] = MaxKernel.apply(c, a[i]) }
        case (.minimum, false): for i in 0..<n { y[i] = MinKernel.apply(a[i], c) }
        case (.minimum, true): for i in 0..<n { y[i] = MinKernel.apply(c, a[i]) }
        }
    }
}
