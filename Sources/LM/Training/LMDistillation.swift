// Knowledge distillation for the language model (Hinton et al., 2015, applied per token as in
// DistilBERT's and "word-level" KD for sequence models, Kim & Rush 2016): at every answer
// position the student matches the teacher's softened next-token distribution and the label:
//   L = α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α)·CE(z_s, y)
// averaged over the answer tokens of a batch of random additions in the teacher's format.
import NN
import TensorCore

extension LMTraining {
    /// Trains `student` in place to imitate `teacher` on arithmetic problems.
    /// - Parameters:
    ///   - format: the answer format of the problems (the teacher's).
    ///   - temperature: T > 0, softens both distributions (T² keeps the gradient scale).
    ///   - alpha: the share of the KD term in [0, 1]; 0 is plain training on the labels.
    ///   - progress: called every 25 steps with (step, mean loss).
    /// - Returns: the mean loss every 25 steps.
    public static func distillArithmetic(teacher: GPTModel, student: GPT, format: Arithmetic.Format,
                                         digits: ClosedRange<Int> = 1...3, steps: Int = 200, batchSize: Int = 16,
                                         learningRate: Float = 3e-3, temperature: Float = 2, alpha: Float = 0.5,
                                         seed: UInt64 = 0, progress: ((Int, Float) -> Void)? = nil) throws -> [Float] {
        guard steps >= 1, batchSize >= 1, digits.lowerBound >= 1 else {
            throw LMError.argument("distill: steps, batch size and digits must be ≥ 1")
        }
        guard temperature > 0, (0...1).contains(alpha) else {
            throw LMError.argument("distill: T must be > 0 and alpha in [0, 1]")
        }
        guard teacher.config.vocabularySize == student.config.vocabularySize else {
            throw LMError.argument("distill: the teacher's vocabulary (\(teacher.config.vocabularySize)) and the student's (\(student.config.vocabularySize)) differ")
        }
        let context = min(teacher.config.context, student.config.context)
        let optimizer = try AdamW(student.parameters, learningRate: learningRate, weightDecay: 0.01)
        var rng = WhittleRandom(seed: seed &+ 7)
        var curve = LossCurve(every: 25)
        student.train()
        defer { Progress.report("distill", done: steps, total: steps) }
        for step in 0..<steps {
            try Cancellation.check()
            Progress.report("distill", done: step, total: steps)
            let batch = try arithmeticBatch(format: format, digits: digits, size: batchSize, context: context, rng: &rng)
            let b = batch.inputs.count, t = batch.inputs[0].count, v = student.config.vocabularySize
            let ids = try Tensor(shape: [b, t], scalars: batch.inputs.flatMap { $0.map(Float.init) })
            // The answer positions, as row indices into the flattened [B·T, vocab] logits.
            let answer = batch.weights.flatMap { $0 }.enumerated().filter { $0.element > 0 }.map { Float($0.offset) }
            let rows = Tensor(answer)
            let targets = batch.targets.flatMap { $0 }
            let labels = Tensor(answer.map { Float(targets[Int($0)]) })
            let teacherLogits = try GradMode.withoutGrad {
                try teacher.network(ids).value.reshaped([b * t, v]).indexSelect(axis: 0, indices: rows)
            }
            let studentLogits = try student(ids).reshaped([b * t, v]).indexSelect(axis: 0, indices: rows)
            let soft = try Variable.klDivergence(studentLogits: studentLogits, teacherLogits: teacherLogits, temperature: temperature)
            let hard = try Variable.crossEntropy(logits: studentLogits, labels: labels)
            let loss = try soft * alpha + hard * (1 - alpha)
            optimizer.zeroGrad()
            try student.addingAuxiliaryLoss(to: loss).backward()
            try clipGradNorm(student.parameters, maxNorm: 1)
            try optimizer.step()
            if let mean = curve.add(try loss.value.item(), isLast: step == steps - 1) { progress?(step + 1, mean) }
        }
        student.eval()
        return curve.points
    }
}
