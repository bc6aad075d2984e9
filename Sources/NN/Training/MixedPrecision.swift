// Mixed-precision training (Micikevicius et al. 2018, "Mixed Precision Training"), with dynamic
// loss scaling as in PyTorch's torch.cuda.amp.GradScaler:
//
//   1. every weight keeps an FP32 master copy;
//   2. each step's forward and backward passes read the weights rounded to 16 bits;
//   3. the loss is multiplied by a scale S before backward, so that small gradients stay above
//      FP16's smallest subnormal, 2⁻²⁴ ≈ 6·10⁻⁸, instead of flushing to zero;
//   4. the gradients are stored in 16 bits; an inf or NaN among them means S·g passed FP16's
//      largest value, 65504: the step is skipped and S halved. Otherwise they are divided by S
//      in FP32 and the optimizer updates the masters;
//   5. after `growthInterval` clean steps in a row, S doubles.
//
// Whittle computes in FP32, as a tensor core accumulates in FP32; the 16-bit rounding happens
// where values are stored — the weights a step reads and the weight gradients it writes. S is a
// power of two, so scaling and unscaling are exact and only the 16-bit storage loses bits. BF16
// keeps FP32's exponent range: it neither overflows nor underflows where FP32 would not, so it
// trains without a scale (S = 1) and pays in mantissa bits (8 against FP16's 11).
import TensorCore

/// The 16-bit storage format, the loss scale and its history for `fit(precision:)`.
public final class MixedPrecision {
    /// One training step's outcome.
    public struct Step: Equatable {
        /// The scale the step ran with.
        public let scale: Float
        /// Some gradient became inf or NaN in 16 bits: the step was skipped.
        public let overflow: Bool
        /// Of the gradient entries that are non-zero in FP32, the fraction that 16-bit storage
        /// (after scaling) turned into zero.
        public let underflow: Float
    }

    public let format: HalfFormat
    /// The current loss scale S.
    public private(set) var scale: Float
    /// Whether S adapts (halves on overflow, doubles after `growthInterval` clean steps).
    public let dynamic: Bool
    public let growthInterval: Int
    /// Every step so far, in order.
    public private(set) var steps: [Step] = []

    private var cleanSteps = 0
    private var masters: [(Parameter, Tensor)] = []

    /// - Parameters:
    ///   - scale: the initial S, a power of two (default 2¹⁶ for FP16 as GradScaler, 1 for BF16).
    ///   - dynamic: adapt S; false keeps it fixed (an overflow still skips the step).
    ///   - growthInterval: clean steps before S doubles (GradScaler's default is 2000).
    /// - Throws: on a scale that is not a positive power of two or an interval below 1.
    public init(format: HalfFormat = .fp16, scale: Float? = nil, dynamic: Bool = true, growthInterval: Int = 2000) throws {
        let initial = scale ?? (format == .fp16 ? 65536 : 1)
        guard initial > 0, initial.isFinite, initial.significandBitPattern == 0 else {
            throw NNError.argument("mixed precision: the loss scale must be a positive power of two (exact to scale and unscale), got \(initial)")
        }
        guard growthInterval >= 1 else {
            throw NNError.argument("mixed precision: the growth interval must be at least 1 step, got \(growthInterval)")
        }
        self.format = format
        self.scale = initial
        self.dynamic = dynamic
        self.growthInterval = growthInterval
    }

    /// Steps skipped because of an overflow.
    public var skippedSteps: Int { steps.filter(\.overflow).count }

    /// Keeps each weight's FP32 value and puts its 16-bit rounding in its place, for the forward
    /// and backward passes of a step.
    func beginStep(_ parameters: [Parameter]) {
        masters = parameters.filter { $0.value.dtype == .float32 }.map { ($0, $0.value) }
        for (parameter, master) in masters { parameter.value = master.roundedTo(format) }
    }

    /// Puts the FP32 masters back (after a step, or when one fails half-way).
    func restoreMasters() {
        for (parameter, master) in masters { parameter.value = master }
        masters = []
    }

    /// Ends the backward pass of a step whose loss was multiplied by `scale`: stores each gradient
    /// in 16 bits, checks for overflow, unscales, restores the masters and adapts the scale.
    /// - Returns: whether the optimizer should step (false: an overflow; the gradients are cleared).
    func finishStep(_ parameters: [Parameter]) throws -> Bool {
        restoreMasters()
        var overflow = false
        var nonZero = 0, flushed = 0
        var stored: [(Parameter, Tensor)] = []
        for parameter in parameters where parameter.requiresGrad {
            guard let g = parameter.grad else { continue }
            let half = try g.withUnsafeFloats { values in
                try Tensor(shape: g.shape) { out in
                    for (j, x) in values.enumerated() {
                        let h = format.round(x)
                        if !h.isFinite { overflow = true }
                        if x != 0 {
                            nonZero += 1
                            if h == 0 { flushed += 1 }
                        }
                        out[j] = h
                    }
                }
            }
            stored.append((parameter, half))
        }
        steps.append(Step(scale: scale, overflow: overflow, underflow: nonZero == 0 ? 0 : Float(flushed) / Float(nonZero)))
        if overflow {
            for parameter in parameters { parameter.zeroGrad() }
            if dynamic { scale = max(scale / 2, Float.leastNormalMagnitude) }
            cleanSteps = 0
            return false
        }
        let inverse = 1 / scale
        for (parameter, half) in stored { parameter.grad = half * inverse }
        cleanSteps += 1
        if dynamic && cleanSteps >= growthInterval && (scale * 2).isFinite {
            scale *= 2
            cleanSteps = 0
        }
        return true
    }
}
