// Compression: quantization, pruning, distillation and low-rank factorization on TensorCore/NN.
//
// One folder per technique (a new technique — PEFT adapters, experts — gets its own):
//   Quantization/  `QuantConfig` (bits, signedness, affine/symmetric, per tensor / per channel along
//                  any axis / per group along the last axis — PyTorch's torch.ao conventions),
//                  observers (min-max, percentile, histogram MSE), `QuantizedTensor` (codes in
//                  TensorCore's int8/uint8/int4 storage, so `bytes` are really smaller), fake
//                  quantization with the straight-through estimator, `QATLinear`, `QuantizedLinear`,
//                  `quantize(model, …)`, FP16/BF16 rounding.
//   Pruning/       0/1 masks (magnitude, global, random, structured, N:M, Taylor) stored in NN's
//                  `Parameter.mask`, `prune(model, …)`, gradual schedules (Zhu & Gupta),
//                  lottery-ticket rewinding, `shrinkHidden` (physically removes neurons).
//   Distillation/  Hinton's loss as autodiff composites; `distill` trains a student.
//   LowRank/       truncated-SVD `factorize` and `LowRankLinear`.
//   Formats/       storage formats: ggml's Q8_0/Q4_0 blocks, CSR sparse matrices.
//   Metrics/       parameters, bytes, FLOPs, latency, accuracy; sparse-vs-dense timing.
// Every model-wide operation is written over NN's tree operations (`mapLinears`, `copy`,
// `replaceModules`), so it applies to an MLP and to the GPT alike.
//
// Example:
//     let w = try Tensor.randn([64, 64], seed: 1)
//     let q = try QuantizedTensor(w, config: QuantConfig(bits: 4, granularity: .perGroup(size: 32)))
//     print(q.bytes, try q.dequantize())
import TensorCore

/// Namespace marker for the Compression module.
public enum CompressionModule {}
