import Foundation
import Testing
@testable import TensorCore

/// log_softmax subtracts max and log-sum one at a time: folding them into one Float first lost
/// the small term for large inputs (issue 15: [1000, 999] was 2.9e-5 off).
@Test func logSoftmaxIsExactForLargeInputs() throws {
    for (inputs, shift) in [([1000.0, 999.0], 1000.0), ([-3e4, -3e4 - 2], -3e4), ([50_000.5, 49_999.25], 50_000.5)] {
        let y = try Tensor(shape: [2], scalars: inputs.map(Float.init)).logSoftmax().scalars
        let x = inputs.map { Double(Float($0)) }  // the inputs as Float32 holds them
        let logSum = Foundation.log(x.map { Foundation.exp($0 - shift) }.reduce(0, +))
        for i in 0..<2 {
            let exact = x[i] - shift - logSum
            #expect(Swift.abs(Double(y[i]) - exact) <= 2e-7 * Swift.max(1, Swift.abs(exact)), "\(inputs): \(y[i]) vs \(exact)")
        }
    }
}

@Test func sinAndCosWorkOnTensors() throws {
    let x = try Tensor(shape: [3], scalars: [0, Float.pi / 2, Float.pi])
    #expect(x.sin().scalars.map { ($0 * 1e5).rounded() / 1e5 } == [0, 1, 0])
    #expect(x.cos().scalars.map { ($0 * 1e5).rounded() / 1e5 } == [1, 0, -1])
}
