import Foundation
import Testing
@testable import LM
import NN
import TensorCore

/// Teacher-forced answers under an attention pattern: a window as long as the context is full
/// attention, a short one costs accuracy, and the layers get their own patterns back.
@Test func answerQualityFollowsThePatternAndRestoresTheLayers() throws {
    let model = try GPTModel.load(from: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models/add-cot.safetensors"))
    let network = model.network
    let full = try LMTraining.answerQuality(network, format: .scratchpad, digits: 2...2, problems: 30, pattern: .full, seed: 1)
    let wide = try LMTraining.answerQuality(network, format: .scratchpad, digits: 2...2, problems: 30,
                                            pattern: try AttentionPattern(window: network.config.context), seed: 1)
    #expect(full == wide)
    #expect(full.tokenAccuracy > 0.95 && full.exact > 0.8)
    let narrow = try LMTraining.answerQuality(network, format: .scratchpad, digits: 2...2, problems: 30,
                                              pattern: try AttentionPattern(window: 4), seed: 1)
    #expect(narrow.exact < full.exact && narrow.loss > full.loss)
    #expect(full.firstTokenAttention.count == network.config.layers)
    for layer in network.namedModules().compactMap({ $0.1 as? CausalSelfAttention }) {
        #expect(layer.pattern == nil && !layer.recordsWeights && layer.lastWeights == nil)
    }
}
