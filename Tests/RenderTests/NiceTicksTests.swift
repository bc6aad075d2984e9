import Testing
@testable import Render

@Suite struct NiceTicksTests {
    @Test func coversRangeWithNiceSteps() {
        #expect(niceTicks(low: 0, high: 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(niceTicks(low: 0, high: 6.28) == [0, 2, 4, 6, 8])
        #expect(niceTicks(low: -1, high: 1) == [-1, -0.5, 0, 0.5, 1])
        #expect(niceTicks(low: 0, high: 97) == [0, 20, 40, 60, 80, 100])
        #expect(niceTicks(low: 3, high: 3) == [2.6, 2.8, 3, 3.2, 3.4])
        #expect(niceTicks(low: 0, high: 0) == [-1, -0.5, 0, 0.5, 1])
        #expect(niceTicks(low: 1e-4, high: 3e-4) == [0.0001, 0.00015, 0.0002, 0.00025, 0.0003])
        #expect(niceTicks(low: .nan, high: 1).isEmpty)
    }

    @Test(arguments: [(0.0, 1.0), (-3.7, 12.2), (0.013, 0.0171), (1e6, 3.3e7), (-250.0, -10.0), (0.0, 29.0)])
    func propertiesHold(low: Double, high: Double) throws {
        let ticks = niceTicks(low: low, high: high)
        let first = try #require(ticks.first)
        let last = try #require(ticks.last)
        #expect(first <= low && last >= high)
        #expect(ticks.count >= 2 && ticks.count <= 12)
        let step = ticks[1] - ticks[0]
        // The step is 1, 2 or 5 times a power of ten.
        var mantissa = step
        while mantissa >= 10 { mantissa /= 10 }
        while mantissa < 1 { mantissa *= 10 }
        #expect([1.0, 2.0, 5.0].contains { abs($0 - mantissa) < 1e-9 })
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            #expect(abs((b - a) - step) <= 1e-9 * max(1, abs(step)))
        }
        // Ticks print cleanly (no 0.30000000000000004 artefacts at 15 digits).
        for tick in ticks {
            #expect(formatNumber(tick, digits: 15).count <= 12)
        }
    }
}
