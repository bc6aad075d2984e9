import Foundation
import Testing
@testable import LM
import NN

/// The logit pipeline against Hugging Face's warpers (TopKLogitsWarper then TopPLogitsWarper):
/// top-k keeps the k most likely tokens, renormalised, and the nucleus is measured on those.
@Suite struct SamplerTests {
    /// Logits whose softmax is exactly p.
    func logits(_ p: [Double]) -> [Float] { p.map { Float(Foundation.log($0)) } }

    @Test func topPIsMeasuredAfterTopKRenormalises() {
        // p = [0.5, 0.2, 0.2, 0.1]; top-2 renormalised is [5/7, 2/7]: 5/7 ≈ 0.714 ≥ 0.7 already,
        // so one token stays (measured on the raw p, 0.5 < 0.7 would have kept two).
        let sampler = Sampler(options: GenerationOptions(temperature: 1, topK: 2, topP: 0.7))
        let p = sampler.distribution(logits: logits([0.5, 0.2, 0.2, 0.1]), history: [])
        #expect(p == [1, 0, 0, 0], "\(p)")
        // top-3 of [0.4, 0.3, 0.2, 0.1] renormalised: [4/9, 3/9, 2/9]; the nucleus 0.75 needs two.
        let q = Sampler(options: GenerationOptions(temperature: 1, topK: 3, topP: 0.75))
            .distribution(logits: logits([0.4, 0.3, 0.2, 0.1]), history: [])
        #expect(Swift.abs(q[0] - 4.0 / 7) < 1e-6 && Swift.abs(q[1] - 3.0 / 7) < 1e-6 && q[2] == 0 && q[3] == 0, "\(q)")
    }

    @Test func topPAloneAndTopKAloneAreUnchanged() {
        let nucleus = Sampler(options: GenerationOptions(temperature: 1, topP: 0.65))
            .distribution(logits: logits([0.4, 0.3, 0.2, 0.1]), history: [])
        #expect(Swift.abs(nucleus[0] - 4.0 / 7) < 1e-6 && nucleus[2] == 0, "\(nucleus)")
        let k = Sampler(options: GenerationOptions(temperature: 1, topK: 1)).distribution(logits: logits([0.1, 0.6, 0.3]), history: [])
        #expect(k == [0, 1, 0])
    }
}
