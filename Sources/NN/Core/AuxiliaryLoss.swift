// Layers that add a term to the training loss: a mixture of experts' load-balancing and router
// z-losses. The layer computes its term during `forward`; training loops add every such term of
// the model to the task loss (`Module.auxiliaryLoss()`), so a model with experts trains right in
// `fit`, in language-model training and anywhere else without special cases.
import TensorCore

/// A module whose last forward pass produced an extra loss term.
public protocol AuxiliaryLossProvider: AnyObject {
    /// The term from the last forward pass in training mode, or nil (evaluation, or none yet).
    var auxiliaryLoss: Variable? { get }
}

extension Module {
    /// The sum of every sub-module's auxiliary loss from the last forward pass, or nil when none.
    public func auxiliaryLoss() throws -> Variable? {
        var total: Variable?
        for (_, module) in namedModules() {
            guard let provider = module as? any AuxiliaryLossProvider, let term = provider.auxiliaryLoss else { continue }
            total = try total.map { try $0 + term } ?? term
        }
        return total
    }

    /// `loss` plus the model's auxiliary losses.
    public func addingAuxiliaryLoss(to loss: Variable) throws -> Variable {
        guard let extra = try auxiliaryLoss() else { return loss }
        return try loss + extra
    }
}
