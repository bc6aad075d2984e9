// Losses shared by NN and Compression, composed from autodiff primitives.

extension Variable {
    /// Mean squared error: mean((prediction - target)²).
    public static func mse(_ prediction: Variable, _ target: Variable) throws -> Variable {
        guard prediction.shape == target.shape else {
            throw TensorError.shape("mse: prediction \(shapeText(prediction.shape)) and target \(shapeText(target.shape)) differ")
        }
        return try (prediction - target).pow(2).mean()
    }

    /// Cross-entropy from logits [N, C] and integer class labels [N]: mean over rows of
    /// -log_softmax(logits)[label].
    public static func crossEntropy(logits: Variable, labels: Tensor) throws -> Variable {
        guard logits.value.rank == 2, labels.rank == 1, labels.shape[0] == logits.shape[0] else {
            throw TensorError.shape("cross_entropy: logits \(shapeText(logits.shape)) and labels \(shapeText(labels.shape)) do not fit ([N, C] and [N])")
        }
        let picked = try logits.logSoftmax(axis: 1).gather(axis: 1, indices: labels.reshaped([-1, 1]))
        return try -(picked.mean())
    }

    /// Knowledge-distillation loss (Hinton et al., 2015): T² · KL(softmax(t/T) ‖ softmax(s/T)),
    /// summed over classes and averaged over rows ("batchmean"). The teacher is a constant.
    public static func klDivergence(studentLogits: Variable, teacherLogits: Tensor, temperature: Float = 1) throws -> Variable {
        guard studentLogits.shape == teacherLogits.shape else {
            throw TensorError.shape("kl_div: student \(shapeText(studentLogits.shape)) and teacher \(shapeText(teacherLogits.shape)) differ")
        }
        guard temperature > 0 else { throw TensorError.argument("kl_div: temperature must be positive, got \(temperature)") }
        let logQ = try (studentLogits / temperature).logSoftmax(axis: -1)
        let logP = try (teacherLogits / temperature).logSoftmax(axis: -1)
        let p = logP.exp()
        let rows = Float(studentLogits.value.count / Swift.max(1, studentLogits.shape.last ?? 1))
        let perElement = try Variable(p) * (Variable(logP) - logQ)
        return try perElement.sum() * (temperature * temperature / rows)
    }
}
