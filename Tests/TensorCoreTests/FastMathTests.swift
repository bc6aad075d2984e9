import Foundation
import Testing
@testable import TensorCore

@Suite struct FastMathTests {
    @Test func expIsWithinFewUlpOfDoubleExp() {
        var worst = 0.0
        for i in 0...200_000 {
            let x = Float(-103 + Double(i) * (191.0 / 200_000))
            let want = Foundation.exp(Double(x))
            guard want >= Double(Float.leastNormalMagnitude), want <= Double(Float.greatestFiniteMagnitude) else { continue }
            worst = Swift.max(worst, Swift.abs(Double(fastExp(x)) - want) / want)
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        #expect(fastExp(89) == .infinity && fastExp(-.infinity) == 0 && fastExp(.infinity) == .infinity)
        #expect(fastExp(.nan).isNaN)
        #expect(fastExp(0) == 1)
    }

    @Test func tanhIsAccurateNearZeroAndSaturates() {
        var worst = 0.0
        for i in -100_000...100_000 where i != 0 {
            let x = Float(Double(i) * 1e-4)
            let want = Foundation.tanh(Double(x))
            worst = Swift.max(worst, Swift.abs(Double(fastTanh(x)) - want) / Swift.abs(want))
        }
        #expect(worst < 1e-6, "worst relative error \(worst)")
        #expect(fastTanh(1e-30) == 1e-30)
        #expect(fastTanh(50) == 1 && fastTanh(-50) == -1)
        #expect(fastTanh(.nan).isNaN)
    }
}
