// The training loop, written to be read: for each epoch, for each batch,
// forward → loss → zero grads → backward → (clip) → step. The Whittle stdlib shows the same loop.
import TensorCore

/// Loss and accuracy of one epoch (accuracy is nil for non-classification losses).
public struct EpochStats: Equatable {
    public let epoch: Int
    /// Mean training loss over the epoch's samples.
    public let loss: Float
    /// Fraction of training samples classified correctly during the epoch.
    public let accuracy: Float?
}

/// Trains `model` in place and returns one `EpochStats` per epoch.
/// - Parameters:
///   - loss: the objective, e.g. `.crossEntropy`.
///   - optimizer: updates the parameters (built from `model.parameters`).
///   - data: the training set.
///   - epochs: passes over the data.
///   - batchSize: samples per step; the last partial batch is kept.
///   - seed: shuffles epoch e with seed + e, so runs are reproducible.
///   - clipNorm: clip gradients to this global norm before each step (nil: no clipping).
///   - schedule: sets the learning rate per epoch from the optimizer's initial rate.
///   - workers: threads that each compute one shard of every batch on a copy of the model
///     (data parallelism, `DataParallel.swift`); 1 computes the batch at once.
///   - accumulation: waves of shards run one after the other (gradient accumulation).
///   - pipeline: computes each batch's gradient by pipelining it through stages of the model
///     on threads (`PipelineParallel`, built on this model); not with `workers`/`accumulation`.
///   - precision: train with 16-bit weights and gradients over FP32 masters, and loss scaling
///     (`MixedPrecision.swift`); nil trains in FP32.
///   - onProgress: called after each epoch, e.g. to print a line or draw a bar.
public func fit(_ model: any Module, loss: Loss, optimizer: any Optimizer, data: Dataset, epochs: Int,
                batchSize: Int = 32, seed: UInt64 = 0, clipNorm: Float? = nil,
                schedule: LearningRateSchedule = .constant, workers: Int = 1, accumulation: Int = 1,
                pipeline: PipelineParallel? = nil, precision: MixedPrecision? = nil, onProgress: ((EpochStats) -> Void)? = nil) throws -> [EpochStats] {
    guard epochs >= 0 else { throw NNError.argument("fit: epochs must not be negative, got \(epochs)") }
    guard workers >= 1, accumulation >= 1 else {
        throw NNError.argument("fit: workers and accumulation steps must be ≥ 1, got \(workers) and \(accumulation)")
    }
    if let pipeline {
        guard pipeline.model === model else { throw NNError.argument("fit: the pipeline was built on another model") }
        guard workers == 1, accumulation == 1 else {
            throw NNError.argument("fit: pipeline stages already split each batch into micro-batches; leave workers and accumulation at 1")
        }
    }
    let sharded = workers > 1 || accumulation > 1
        ? try ShardedGradients(model: model, workers: workers, accumulation: accumulation) : nil
    // The workers also share the optimizer's update (large parameters split over them).
    let optimizerThreads = optimizer.threads
    optimizer.threads = max(optimizerThreads, workers)
    defer { optimizer.threads = optimizerThreads }
    guard data.count > 0 else { throw NNError.argument("fit: the training set is empty") }
    let baseRate = optimizer.learningRate
    var history: [EpochStats] = []
    model.train()
    let batchesPerEpoch = (data.count + max(batchSize, 1) - 1) / max(batchSize, 1)
    defer { Progress.report("train", done: epochs * batchesPerEpoch, total: epochs * batchesPerEpoch) }
    for epoch in 0..<epochs {
        optimizer.learningRate = schedule.rate(base: baseRate, at: epoch)
        var lossSum: Float = 0, correct: Float = 0
        for (b, batch) in try data.batches(size: batchSize, shuffle: true, seed: seed &+ UInt64(epoch)).enumerated() {
            try Cancellation.check()  // a timeout or Ctrl-C stops training within a batch
            Progress.report("train", done: epoch * batchesPerEpoch + b, total: epochs * batchesPerEpoch)
            let rows = Float(batch.features.shape[0])
            optimizer.zeroGrad()
            precision?.beginStep(model.parameters)
            defer { precision?.restoreMasters() }
            let scale = precision?.scale ?? 1
            if let sharded {
                let (meanLoss, right) = try sharded.run(batch, loss: loss, scale: scale)
                lossSum += meanLoss * rows
                correct += right
            } else if let pipeline {
                let (meanLoss, right) = try pipeline.run(batch, loss: loss, scale: scale)
                lossSum += meanLoss * rows
                correct += right
            } else {
                let output = try model(batch.features)
                let value = try loss(output, batch.targets)
                // Experts' balance and z-losses join the gradient; the history reports the task loss.
                try (scale == 1 ? try model.addingAuxiliaryLoss(to: value) : try model.addingAuxiliaryLoss(to: value) * scale).backward()
                lossSum += try value.value.item() * rows
                if loss.isClassification {
                    correct += try Losses.accuracy(logits: output.value, labels: batch.targets) * rows
                }
            }
            // An overflow in 16 bits skips the step (the scale has already been lowered).
            if let precision, try !precision.finishStep(model.parameters) { continue }
            if let clipNorm { try clipGradNorm(optimizer.parameters, maxNorm: clipNorm) }
            try optimizer.step()
        }
        let n = Float(data.count)
        let stats = EpochStats(epoch: epoch + 1, loss: lossSum / n, accuracy: loss.isClassification ? correct / n : nil)
        history.append(stats)
        onProgress?(stats)
    }
    optimizer.learningRate = baseRate
    return history
}

/// Mean loss and accuracy (nil unless the loss is a classification loss) of `model` on `data`,
/// in evaluation mode and without recording gradients. The model's mode is restored afterwards.
public func evaluate(_ model: any Module, data: Dataset, loss: Loss = .crossEntropy,
                     batchSize: Int = 256) throws -> (loss: Float, accuracy: Float?) {
    guard data.count > 0 else { throw NNError.argument("evaluate: the dataset is empty") }
    let wasTraining = model.isTraining
    model.eval()
    defer { if wasTraining { model.train() } }
    return try GradMode.withoutGrad {
        var lossSum: Float = 0, correct: Float = 0
        for batch in try data.batches(size: batchSize, shuffle: false) {
            let output = try model(batch.features)
            let rows = Float(batch.features.shape[0])
            lossSum += try loss(output, batch.targets).value.item() * rows
            if loss.isClassification {
                correct += try Losses.accuracy(logits: output.value, labels: batch.targets) * rows
            }
        }
        let n = Float(data.count)
        return (lossSum / n, loss.isClassification ? correct / n : nil)
    }
}

/// The model's output for `features` in evaluation mode, without gradients.
public func predict(_ model: any Module, _ features: Tensor) throws -> Tensor {
    let wasTraining = model.isTraining
    model.eval()
    defer { if wasTraining { model.train() } }
    return try GradMode.withoutGrad { try model(features).value }
}

/// The predicted class (argmax of the output) of each row of `features`.
public func predictClasses(_ model: any Module, _ features: Tensor) throws -> Tensor {
    try predict(model, features).argmax(axis: -1)
}
