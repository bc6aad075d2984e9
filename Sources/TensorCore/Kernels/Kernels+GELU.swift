// GELU, tanh form (Hendrycks & Gimpel, 2016; GPT-2's "gelu_new"):
//   gelu(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
// and its derivative, for the autodiff primitive.

extension Kernels {
    /// √(2/π), rounded to Float once.
    public static let geluC = Float((2.0 / Double.pi).squareRoot())

    /// y = gelu(x) over n floats (x and y may be the same buffer). fastTanh vectorises; glibc's
    /// tanhf was a third of a decode step.
    @inlinable
    public static func gelu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        let c = geluC
        for i in 0..<n {
            let v = x[i]
            y[i] = 0.5 * v * (1 + fastTanh(c * (v + 0.044715 * v * v * v)))
        }
    }

    /// d gelu / dx at each of n inputs: ½(1 + t) + ½·x·(1 − t²)·c·(1 + 3·0.044715·x²), t = tanh(c(x + 0.044715x³)).
    @inlinable
    public static func geluDerivative(_ x: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, count n: Int) {
        let c = geluC
        for i in 0..<n {
            let v = x[i]
            let t = fastTanh(c * (v + 0.044715 * v * v * v))
            d[i] = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * 0.044715 * v * v)
        }
    }
}
