// Knowledge distillation (Hinton, Vinyals & Dean, 2015, "Distilling the Knowledge in a Neural Network").
//
//   L = α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α)·CE(z_s, y)
//
// KL is summed over classes and averaged over the batch ("batchmean", as torch.nn.KLDivLoss
// recommends); T² keeps the soft-target gradients, which scale as 1/T², comparable to the hard
// ones. The loss is a composite of TensorCore primitives, so its gradient is exact for free:
// ∂L/∂z_s = [α·T·(softmax(z_s/T) − softmax(z_t/T)) + (1 − α)·(softmax(z_s) − onehot(y))] / N.
import NN
import TensorCore

/// Hinton's distillation loss for student logits [N, C], teacher logits [N, C] (a constant)
/// and class labels [N].
/// - Parameters:
///   - temperature: T > 0 softens both distributions.
///   - alpha: weight of the soft (teacher) term, in [0, 1].
/// - Throws: on shapes that do not fit or arguments out of range.
public func distillationLoss(studentLogits: Variable, teacherLogits: Tensor, labels: Tensor,
                             temperature: Float = 4, alpha: Float = 0.9) throws -> Variable {
    guard alpha >= 0, alpha <= 1 else {
        throw CompressionError.argument("distillation: alpha must be in [0, 1], got \(alpha)")
    }
    guard temperature > 0 else {
        throw CompressionError.argument("distillation: temperature must be positive, got \(temperature)")
    }
    guard studentLogits.shape.count == 2, studentLogits.shape == teacherLogits.shape else {
        throw CompressionError.shape("distillation: student \(shapeText(studentLogits.shape)) and teacher \(shapeText(teacherLogits.shape)) logits must both be [N, C]")
    }
    let soft = try Variable.klDivergence(studentLogits: studentLogits, teacherLogits: teacherLogits, temperature: temperature)
    let hard = try Variable.crossEntropy(logits: studentLogits, labels: labels)
    return try soft * alpha + hard * (1 - alpha)
}

/// Loss and student accuracy of one distillation epoch.
public struct DistillationStats: Equatable {
    public let epoch: Int
    /// Mean distillation loss over the epoch's samples.
    public let loss: Float
    /// Fraction of training samples the student classified correctly during the epoch.
    public let accuracy: Float
}

/// Trains `student` to imitate `teacher` on `data` with `distillationLoss`; the teacher runs in
/// evaluation mode without gradients. Returns one `DistillationStats` per epoch (loss and student accuracy).
public func distill(teacher: any Module, student: any Module, data: Dataset, optimizer: any Optimizer,
                    epochs: Int, batchSize: Int = 32, temperature: Float = 4, alpha: Float = 0.9,
                    seed: UInt64 = 0, onProgress: ((DistillationStats) -> Void)? = nil) throws -> [DistillationStats] {
    guard epochs >= 0, data.count > 0 else {
        throw CompressionError.argument("distill: needs epochs ≥ 0 and a non-empty dataset")
    }
    var history: [DistillationStats] = []
    student.train()
    let batchesPerEpoch = (data.count + max(batchSize, 1) - 1) / max(batchSize, 1)
    defer { Progress.report("distill", done: epochs * batchesPerEpoch, total: epochs * batchesPerEpoch) }
    for epoch in 0..<epochs {
        var lossSum: Float = 0, correct: Float = 0
        for (b, batch) in try data.batches(size: batchSize, shuffle: true, seed: seed &+ UInt64(epoch)).enumerated() {
            try Cancellation.check()
            Progress.report("distill", done: epoch * batchesPerEpoch + b, total: epochs * batchesPerEpoch)
            let teacherLogits = try predict(teacher, batch.features)
            let output = try student(batch.features)
            let loss = try distillationLoss(studentLogits: output, teacherLogits: teacherLogits, labels: batch.targets,
                                            temperature: temperature, alpha: alpha)
            optimizer.zeroGrad()
            try student.addingAuxiliaryLoss(to: loss).backward()
            try optimizer.step()
            let rows = Float(batch.features.shape[0])
            lossSum += try loss.value.item() * rows
            correct += try Losses.accuracy(logits: output.value, labels: batch.targets) * rows
        }
        let stats = DistillationStats(epoch: epoch + 1, loss: lossSum / Float(data.count), accuracy: correct / Float(data.count))
        history.append(stats)
        onProgress?(stats)
    }
    return history
}
