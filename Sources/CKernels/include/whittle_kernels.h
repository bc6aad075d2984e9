// Whittle's C kernels: INT8 GEMM/GEMV and a 4-bit group-wise GEMV (exact in int32), GELU, and
// the decoder's Float32 product over weight panels.
//
// Operand layout: both matrices keep the reduction axis k contiguous ("A · Bᵀ"), which is how
// a Linear layer stores its weight ([out, in]) and how activations arrive ([tokens, in]); no
// packing is needed for the INT8 path.
//
// Why activations are 7-bit: AVX2's vpmaddubsw multiplies unsigned by signed bytes and adds
// adjacent pairs into int16 with saturation. With activations in 0...127 and weights in
// −128...127 a pair is at most 2·127·128 = 32512 < 32767, so nothing saturates and every result
// equals the integer reference. PyTorch's x86 backend (fbgemm) uses the same 7-bit activation
// range (`reduce_range`) for the same reason.
#ifndef WHITTLE_KERNELS_H
#define WHITTLE_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Which instructions the INT8 GEMM uses on this CPU: "avx512-vnni", "avx-vnni", "avx2" or
/// "portable". A VNNI set is used only after it matched the portable loop on this machine.
const char *wh_integer_kernel_name(void);

/// c[i·ldc + j] = Σ_p a[i·lda + p] · b[j·ldb + p] for i < m, j < n, p < k.
/// a holds activation codes in 0...127, b weight codes in −128...127; the result is exact.
void wh_gemm_u7s8s32(int64_t m, int64_t n, int64_t k,
                     const uint8_t *a, int64_t lda,
                     const int8_t *b, int64_t ldb,
                     int32_t *c, int64_t ldc);

/// Quantizes each of `rows` rows of x (length k, stride ldx) to 7-bit asymmetric codes, one
/// scale and zero point per row (dynamic per-token quantization), exactly as PyTorch's
/// MinMaxObserver with quint8 and reduce_range: lo = min(min x, 0), hi = max(max x, 0),
/// s = max((hi − lo)/127, FLT_EPSILON), z = clamp(−round(lo/s), 0, 127),
/// q = clamp(round(x/s) + z, 0, 127), rounding half to even. A row holding NaN or ±inf gets
/// scale NaN (so every output it feeds is NaN, as in a float product) and codes 0.
void wh_quantize_rows_u7(int64_t rows, int64_t k, const float *x, int64_t ldx,
                         uint8_t *codes, int64_t ldq, float *scales, int32_t *zero_points);

/// Bytes of one row of 4-bit weights packed for `wh_gemv_u7q4`: k/32 groups of 16 bytes.
/// k must be a multiple of 32.
int64_t wh_q4_row_bytes(int64_t k);

/// Packs signed 4-bit codes (−8...7, one per int8, row-major [n, k]) into groups of 32: byte t of
/// a group holds code t in its low nibble and code t + 16 in its high nibble, each stored + 8.
void wh_pack_q4(int64_t n, int64_t k, const int8_t *codes, uint8_t *packed);

/// y[j] = Σ_g scales[j·(k/32) + g] · Σ_{p in group g} a[p] · q[j][p] for j < n, where q are the
/// packed 4-bit codes of row j and a the 7-bit activation codes. Each group's sum is an exact
/// int32; the float sum over groups runs in a fixed order (8 lanes, then a fixed tree), the same
/// on every CPU: see `wh_gemv_u7q4_reference`.
void wh_gemv_u7q4(int64_t n, int64_t k, const uint8_t *a, const uint8_t *packed,
                  const float *scales, float *y);

/// y[i·ldy + j] for i < m: `wh_gemv_u7q4` of each activation row (stride lda), bit for bit,
/// with each group of weights unpacked once for four rows (a batch through 4-bit layers).
void wh_gemm_u7q4(int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda, const uint8_t *packed,
                  const float *scales, float *y, int64_t ldy);

/// The same sums in plain C, in the kernel's order: the check of the vector code.
void wh_gemv_u7q4_reference(int64_t n, int64_t k, const uint8_t *a, const uint8_t *packed,
                            const float *scales, float *y);

/// y[i] = gelu(x[i]) for i < n (y may be x), the tanh form, bit for bit Whittle's Swift
/// definition (TensorCore's `Kernels.gelu`, with its `fastTanh` and `fastExp`): the same IEEE
/// operations in the same order, eight lanes at a time (FastMathTests compares every value).
void wh_gelu(const float *x, float *y, int64_t n);

/// Columns per panel of the decoder's weight layout (below).
#define WH_PANEL_WIDTH 16

/// y[r·n + j] += Σ_kk x[r·k + kk] · W[kk, j] for r < rows, j < n, with W [k, n] packed as
/// n/16 panels (the last zero-padded), each its k × 16 block row after row (the decoder's
/// `DecoderKernels.panels(of:)`). Each output adds its products one kk at a time in order, a
/// rounded multiply then a rounded add: the bits of a one-row loop in that order.
void wh_panel_rows(int64_t rows, int64_t k, int64_t n, const float *x, const float *panels, float *y);

/// The same in plain C, in the same order: the path of CPUs without AVX2, and its check.
void wh_panel_rows_portable(int64_t rows, int64_t k, int64_t n, const float *x, const float *panels, float *y);

#ifdef __cplusplus
}
#endif

#endif
