// Compression: quantization, pruning, distillation and low-rank factorization on TensorCore/NN.
//
// Overview of the design:
// - Quantization follows PyTorch's conventions (torch.ao.quantization): a `QuantConfig` fixes
//   bits, signedness, scheme (affine/symmetric) and granularity (per tensor, per channel along
//   any axis, per group along the last axis); observers turn data into (min, max) ranges;
//   `QuantConfig.parameters` turns ranges into scales and zero points; `QuantizedTensor` holds
//   the integer codes in TensorCore's int8/uint8/int4 storage, so its `bytes` are really smaller.
// - Fake quantization (QAT) is an autodiff composite with PyTorch's straight-through estimator;
//   `prepareQAT` wraps a model's Linears in `QATLinear`.
// - `quantize(model, bits:scheme:granularity:filter:)` returns a new model of `QuantizedLinear`
//   layers (weights held in low-bit storage, dequantized for each sgemm) and a per-layer report.
// - ggml's Q8_0/Q4_0 block formats and FP16/BF16 rounding emulation sit beside it.
// - Pruning produces 0/1 masks (`Pruning`: magnitude, global, random, structured, N:M, Taylor);
//   `prune(model, ...)` stores them in NN's `Parameter.mask` so optimizer steps keep zeros zero;
//   `GradualSchedule` (Zhu & Gupta), `iterativePrune`, `WeightSnapshot` (lottery-ticket rewinding),
//   `shrinkHidden` (physically removes neurons); `CSRMatrix`/`sparseVsDense` measure when
//   sparsity pays on a CPU.
// - Distillation is Hinton's loss as a composite of TensorCore's autodiff primitives; `distill`
//   trains a student. `factorize` splits a Linear by truncated SVD. `ModelMetrics` measures
//   parameters, bytes, FLOPs, median latency and accuracy.
//
// Example:
//     let w = try Tensor.randn([64, 64], seed: 1)
//     let q = try QuantizedTensor(w, config: QuantConfig(bits: 4, granularity: .perGroup(size: 32)))
//     print(q.bytes, try q.dequantize())
import TensorCore

/// Namespace marker for the Compression module.
public enum CompressionModule {}
