// Compression: quantization, pruning, distillation and low-rank factorization on TensorCore/NN.
//
// Overview of the design:
// - Quantization follows PyTorch's conventions (torch.ao.quantization): a `QuantConfig` fixes
//   bits, signedness, scheme (affine/symmetric) and granularity (per tensor, per channel along
//   any axis, per group along the last axis); observers turn data into (min, max) ranges;
//   `QuantConfig.parameters` turns ranges into scales and zero points; `QuantizedTensor` holds
//   the integer codes in TensorCore's int8/uint8/int4 storage, so its `bytes` are really smaller.
// - Fake quantization (QAT) is an autodiff composite with PyTorch's straight-through estimator.
// - ggml's Q8_0/Q4_0 block formats and FP16/BF16 rounding emulation sit beside it.
// - Pruning produces 0/1 masks (magnitude, global, random, structured, N:M, Taylor) and the
//   Zhu & Gupta gradual schedule; `CSRMatrix` measures when sparsity pays on a CPU.
// - Distillation is Hinton's loss as a composite of TensorCore's autodiff primitives.
//
// Example:
//     let w = try Tensor.randn([64, 64], seed: 1)
//     let q = try QuantizedTensor(w, config: QuantConfig(bits: 4, granularity: .perGroup(size: 32)))
//     print(q.bytes, try q.dequantize())
import TensorCore

/// Namespace marker for the Compression module.
public enum CompressionModule {}
