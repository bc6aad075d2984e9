// Loss functions, composed from autodiff primitives so their gradients need no rules of their own.
// Formulas and reductions follow PyTorch (mse_loss, cross_entropy, kl_div with 'batchmean').
import Foundation
import TensorCore

/// A loss: model output and targets → a scalar Variable to call `backward()` on.
public struct Loss {
    /// A label for progress lines ("cross_entropy").
    public let name: String
    /// Whether targets are class indices, so that accuracy is meaningful.
    public let isClassification: Bool
    let compute: (Variable, Tensor) throws -> Variable

    /// A custom loss.
    public init(name: String, isClassification: Bool, _ compute: @escaping (Variable, Tensor) throws -> Variable) {
        self.name = name
        self.isClassification = isClassification
        self.compute = compute
    }

    /// The loss of `output` against `target`.
    public func callAsFunction(_ output: Variable, _ target: Tensor) throws -> Variable {
        try compute(output, target)
    }

    /// Mean squared error (targets of the output's shape).
    public static let mse = Loss(name: "mse", isClassification: false) { try Losses.mse($0, $1) }
    /// Cross-entropy from logits [N, C] against class indices [N].
    public static let crossEntropy = Loss(name: "cross_entropy", isClassification: true) {
        try Losses.crossEntropy(logits: $0, labels: $1)
    }
    /// Cross-entropy with label smoothing ε.
    public static func crossEntropy(labelSmoothing: Float) -> Loss {
        Loss(name: "cross_entropy", isClassification: true) {
            try Losses.crossEntropy(logits: $0, labels: $1, labelSmoothing: labelSmoothing)
        }
    }
}

/// Loss functions and metrics.
public enum Losses {
    /// mean((prediction - target)²) over all elements.
    /// - Throws: when the shapes differ.
    public static func mse(_ prediction: Variable, _ target: Tensor) throws -> Variable {
        guard prediction.shape == target.shape else {
            throw NNError.shape("mse: prediction \(shapeText(prediction.shape)) and target \(shapeText(target.shape)) differ")
        }
        return try Variable.mse(prediction, Variable(target))
    }

    /// Cross-entropy of logits [N, C] against class indices [N], averaged over rows.
    /// With label smoothing ε (PyTorch's definition) the target is (1-ε)·onehot + ε/C:
    /// loss = (1-ε)·(-log p[label]) + ε·mean_c(-log p[c]).
    /// - Throws: on mismatched shapes or a label outside 0..<C.
    public static func crossEntropy(logits: Variable, labels: Tensor, labelSmoothing: Float = 0) throws -> Variable {
        guard logits.shape.count == 2, labels.shape == [logits.shape[0]] else {
            throw NNError.shape("cross_entropy: logits \(shapeText(logits.shape)) and labels \(shapeText(labels.shape)) do not fit ([N, C] and [N])")
        }
        guard labelSmoothing >= 0, labelSmoothing < 1 else {
            throw NNError.argument("cross_entropy: label smoothing must be in [0, 1), got \(labelSmoothing)")
        }
        let classes = logits.shape[1]
        for label in labels.scalars where label.rounded() != label || label < 0 || Int(label) >= classes {
            throw NNError.argument("cross_entropy: label \(Tensor.format(label)) is not a class in 0..<\(classes)")
        }
        let logProbs = try logits.logSoftmax(axis: 1)
        let nll = try -(logProbs.gather(axis: 1, indices: labels.reshaped([-1, 1])).mean())
        guard labelSmoothing > 0 else { return nll }
        let uniform = try -(logProbs.mean())  // mean over rows and classes of -log p
        return try nll * (1 - labelSmoothing) + uniform * labelSmoothing
    }

    /// KL divergence like PyTorch's `kl_div(logQ, p, reduction: "batchmean")`:
    /// Σ p · (log p − log q) / N, where N is the size of the first axis and 0·log 0 = 0.
    /// - Parameters:
    ///   - logQ: log-probabilities of the model (the input), differentiable.
    ///   - p: target probabilities (a constant).
    public static func klDivergence(logQ: Variable, p: Tensor) throws -> Variable {
        guard logQ.shape == p.shape, let rows = p.shape.first, rows > 0 else {
            throw NNError.shape("kl_div: log q \(shapeText(logQ.shape)) and p \(shapeText(p.shape)) must have the same non-empty shape")
        }
        let pLogP = p.map { $0 > 0 ? $0 * Foundation.log($0) : 0 }
        let perElement = try Variable(pLogP) - Variable(p) * logQ
        return try perElement.sum() * (1 / Float(rows))
    }

    /// Knowledge-distillation loss (Hinton et al., 2015): T² · KL(softmax(t/T) ‖ softmax(s/T)), batchmean.
    public static func distillation(studentLogits: Variable, teacherLogits: Tensor, temperature: Float = 1) throws -> Variable {
        try Variable.klDivergence(studentLogits: studentLogits, teacherLogits: teacherLogits, temperature: temperature)
    }

    /// Fraction of rows of `logits` [N, C] whose argmax equals the label [N].
    public static func accuracy(logits: Tensor, labels: Tensor) throws -> Float {
        guard logits.rank == 2, labels.shape == [logits.shape[0]], logits.shape[0] > 0 else {
            throw NNError.shape("accuracy: logits \(shapeText(logits.shape)) and labels \(shapeText(labels.shape)) do not fit ([N, C] and [N])")
        }
        let predicted = try logits.argmax(axis: 1).scalars
        let correct = zip(predicted, labels.scalars).filter { $0 == $1 }.count
        return Float(correct) / Float(labels.count)
    }
}
