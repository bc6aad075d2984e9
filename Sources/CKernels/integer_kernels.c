// Integer kernels; see include/whittle_kernels.h for the contracts.
//
// The INT8 GEMM computes tiles of up to 3 × 3 outputs: per 32 values of k it loads three
// activation rows and, for each of three weight rows, runs vpmaddubsw (u8·s8 pairs → int16),
// vpmaddwd against ones (pairs of int16 → int32) and vpaddd into that output's accumulator.
// Nine accumulators, three activation vectors, the weight vector, a temporary and the ones fill
// 15 of AVX2's 16 registers. Per 288 multiply-adds that is 18 multiply uops, which Zen 3 and
// recent Intel cores issue two per cycle: 32 multiply-adds per cycle against FP32's 16 (two
// 8-wide FMAs), the reason INT8 can be about twice as fast as sgemm. Where the CPU has VNNI,
// vpdpbusd does the three steps in one instruction, half the multiply uops again. The tiles are
// written once (int8_gemm_tiles.h) and compiled for each instruction set.
#include "whittle_kernels.h"
#include "cpu.h"

#include <float.h>
#include <pthread.h>
#include <math.h>
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define WH_X86 1
#define WH_AVX2 __attribute__((target("avx2,fma")))
#else
#define WH_X86 0
#endif

#pragma STDC FP_CONTRACT OFF


// ---------------------------------------------------------------- INT8 GEMM

static void gemm_portable(int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda,
                          const int8_t *b, int64_t ldb, int32_t *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            int32_t s = 0;
            for (int64_t p = 0; p < k; p++) s += (int32_t)a[i * lda + p] * (int32_t)b[j * ldb + p];
            c[i * ldc + j] = s;
        }
}

#if WH_X86
// The horizontal sums of four accumulators at once: two rounds of vphaddd leave each
// accumulator's halves side by side, one add of the 128-bit halves finishes them. At k = 64 one
// sum at a time would cost as much as the multiply-adds.
WH_AVX2 static inline void hsum4_epi32(__m256i v0, __m256i v1, __m256i v2, __m256i v3, int32_t out[4]) {
    const __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(v0, v1), _mm256_hadd_epi32(v2, v3));
    _mm_storeu_si128((__m128i *)out, _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1)));
}

// AVX2: vpmaddubsw (u8·s8 pairs → int16; 7-bit activations keep it from saturating), vpmaddwd
// against ones (pairs → int32), vpaddd: three instructions, two of them multiplies.
#define WH_SET_TARGET WH_AVX2
#define WH_SET(name) name##_avx2
#define WH_DOT(acc, av, bv) _mm256_add_epi32((acc), _mm256_madd_epi16(_mm256_maddubs_epi16((av), (bv)), _mm256_set1_epi16(1)))
#include "int8_gemm_tiles.h"
#undef WH_SET_TARGET
#undef WH_SET
#undef WH_DOT

// VNNI: vpdpbusd does all three in one instruction (u8·s8 in fours, added into int32 lanes,
// exactly), on 256-bit registers: with AVX-512 VNNI + VL (Cascade Lake, Ice Lake, Sapphire
// Rapids, Zen 4) or with the VEX-encoded AVX-VNNI (Alder Lake and later cores).
#define WH_SET_TARGET __attribute__((target("avx2,fma,avx512f,avx512vl,avx512vnni")))
#define WH_SET(name) name##_avx512vnni
#define WH_DOT(acc, av, bv) _mm256_dpbusd_epi32((acc), (av), (bv))
#include "int8_gemm_tiles.h"
#undef WH_SET_TARGET
#undef WH_SET
#undef WH_DOT

#define WH_SET_TARGET __attribute__((target("avx2,fma,avxvnni")))
#define WH_SET(name) name##_avxvnni
#define WH_DOT(acc, av, bv) _mm256_dpbusd_avx_epi32((acc), (av), (bv))
#include "int8_gemm_tiles.h"
#undef WH_SET_TARGET
#undef WH_SET
#undef WH_DOT
#endif

typedef void (*gemm_kernel)(int64_t, int64_t, int64_t, const uint8_t *, int64_t, const int8_t *, int64_t, int32_t *, int64_t);

static const char *chosen_name;
static gemm_kernel chosen;

// Whether `kernel` gives the portable loop's sums on a product that reaches every tile shape,
// the vector part and the tail of k, and the extreme codes.
static int agrees_with_portable(gemm_kernel kernel) {
    enum { M = 7, N = 5, K = 100 };
    uint8_t a[M * K];
    int8_t b[N * K];
    uint32_t state = 12345;
    for (int i = 0; i < M * K; i++) { state = state * 1664525u + 1013904223u; a[i] = (uint8_t)(i < K ? 127 : (state >> 24) & 127); }
    for (int i = 0; i < N * K; i++) { state = state * 1664525u + 1013904223u; b[i] = (int8_t)(i < K ? -128 : (int)(state >> 24) - 128); }
    int32_t want[M * N], got[M * N];
    for (int rows = 1; rows <= M; rows += M - 1) {   // the GEMV (one row) and the tiles
        gemm_portable(rows, N, K, a, K, b, K, want, N);
        kernel(rows, N, K, a, K, b, K, got, N);
        if (memcmp(want, got, sizeof(int32_t) * (size_t)(rows * N)) != 0) return 0;
    }
    return 1;
}

// The fastest set this CPU runs; a VNNI set is taken only once it has agreed with the portable
// loop on this machine (its instructions cannot be tested on a CPU without them).
static void choose(void) {
    chosen = gemm_portable;
    chosen_name = "portable";
#if WH_X86
    if (!wh_cpu_has_avx2()) return;
    chosen = gemm_avx2;
    chosen_name = "avx2";
    if (wh_cpu_has_avx512vnni() && agrees_with_portable(gemm_avx512vnni)) {
        chosen = gemm_avx512vnni;
        chosen_name = "avx512-vnni";
    } else if (wh_cpu_has_avxvnni() && agrees_with_portable(gemm_avxvnni)) {
        chosen = gemm_avxvnni;
        chosen_name = "avx-vnni";
    }
#endif
}

static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

const char *wh_integer_kernel_name(void) {
    pthread_once(&chosen_once, choose);
    return chosen_name;
}

void wh_gemm_u7s8s32(int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda,
                     const int8_t *b, int64_t ldb, int32_t *c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    pthread_once(&chosen_once, choose);
    chosen(m, n, k, a, lda, b, ldb, c, ldc);
}

// ---------------------------------------------------------------- dynamic activation quantization

// Folds x[0..k) into a row's running range and finiteness: NaN compares false and is skipped by
// the range, and (v − v) is 0 only for finite v.
static void range_scalar(int64_t k, const float *x, float *lo, float *hi, int *finite) {
    for (int64_t p = 0; p < k; p++) {
        const float v = x[p];
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
        *finite &= (v - v) == 0;
    }
}

// q = clamp(round(x/s) + z, 0, 127), rounding half to even.
static inline uint8_t code7(float x, float s, int32_t z) {
    const float v = nearbyintf(x / s) + (float)z;
    return (uint8_t)(v < 0 ? 0 : (v > 127 ? 127 : v));
}

#if WH_X86
// The range with eight lanes, then `range_scalar` over the tail: the same minimum, maximum and
// finiteness as the portable loop.
WH_AVX2 static void range_avx2(int64_t k, const float *x, float *lo_out, float *hi_out, int *finite_out) {
    __m256 lo = _mm256_setzero_ps(), hi = lo, bad = lo;
    int64_t p = 0;
    for (; p + 8 <= k; p += 8) {
        const __m256 v = _mm256_loadu_ps(x + p);
        lo = _mm256_min_ps(lo, v);
        hi = _mm256_max_ps(hi, v);
        bad = _mm256_or_ps(bad, _mm256_cmp_ps(_mm256_sub_ps(v, v), _mm256_setzero_ps(), _CMP_NEQ_UQ));
    }
    float l[8], h[8];
    _mm256_storeu_ps(l, lo);
    _mm256_storeu_ps(h, hi);
    float mn = 0, mx = 0;
    for (int i = 0; i < 8; i++) { mn = l[i] < mn ? l[i] : mn; mx = h[i] > mx ? h[i] : mx; }
    int finite = _mm256_movemask_ps(bad) == 0;
    range_scalar(k - p, x + p, &mn, &mx, &finite);
    *lo_out = mn; *hi_out = mx; *finite_out = finite;
}

// The codes with eight lanes: the same IEEE division, round-half-even, add and clamp as `code7`,
// so the codes are identical; `code7` does the tail.
WH_AVX2 static void codes_avx2(int64_t k, const float *x, float s, int32_t z, uint8_t *q) {
    const __m256 vs = _mm256_set1_ps(s), vz = _mm256_set1_ps((float)z);
    const __m256 lo = _mm256_setzero_ps(), hi = _mm256_set1_ps(127);
    int64_t p = 0;
    for (; p + 8 <= k; p += 8) {
        __m256 v = _mm256_round_ps(_mm256_div_ps(_mm256_loadu_ps(x + p), vs), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        v = _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(v, vz), lo), hi);
        const __m256i i = _mm256_cvtps_epi32(v);
        const __m128i w16 = _mm_packus_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
        _mm_storel_epi64((__m128i *)(q + p), _mm_packus_epi16(w16, w16));
    }
    for (; p < k; p++) q[p] = code7(x[p], s, z);
}
#endif

void wh_quantize_rows_u7(int64_t rows, int64_t k, const float *x, int64_t ldx,
                         uint8_t *codes, int64_t ldq, float *scales, int32_t *zero_points) {
    const int avx2 = wh_cpu_has_avx2();
    for (int64_t r = 0; r < rows; r++) {
        const float *xr = x + r * ldx;
        uint8_t *q = codes + r * ldq;
        float lo = 0, hi = 0;  // the range always includes 0, so 0.0 is exact
        int finite = 1;
#if WH_X86
        if (avx2) range_avx2(k, xr, &lo, &hi, &finite); else
#endif
        range_scalar(k, xr, &lo, &hi, &finite);
        if (!finite) {
            // A float product would be NaN or infinite here: the scale carries NaN to every output.
            memset(q, 0, (size_t)k);
            scales[r] = NAN;
            zero_points[r] = 0;
            continue;
        }
        float s = (hi - lo) / 127.0f;
        if (!(s >= FLT_EPSILON)) s = FLT_EPSILON;
        if (isinf(s)) s = FLT_MAX / 127.0f;   // finite values whose range overflows
        const float zf = nearbyintf(-lo / s);
        const int32_t z = zf < 0 ? 0 : (zf > 127 ? 127 : (int32_t)zf);
#if WH_X86
        if (avx2) codes_avx2(k, xr, s, z, q); else
#endif
        for (int64_t p = 0; p < k; p++) q[p] = code7(xr[p], s, z);
        scales[r] = s;
        zero_points[r] = z;
    }
}

// ---------------------------------------------------------------- 4-bit GEMV

int64_t wh_q4_row_bytes(int64_t k) { return k / 32 * 16; }

void wh_pack_q4(int64_t n, int64_t k, const int8_t *codes, uint8_t *packed) {
    const int64_t groups = k / 32;
    for (int64_t j = 0; j < n; j++)
        for (int64_t g = 0; g < groups; g++) {
            const int8_t *q = codes + j * k + g * 32;
            uint8_t *out = packed + (j * groups + g) * 16;
            for (int t = 0; t < 16; t++)
                out[t] = (uint8_t)((q[t] + 8) | ((q[t + 16] + 8) << 4));
        }
}

// The kernel's fixed order: lane l (0...7) of a group holds the exact int32 sum over its
// positions 4l...4l+3; each lane accumulates scale·sum with a fused multiply-add group after
// group; the lanes then meet as ((l0+l4)+(l2+l6)) + ((l1+l5)+(l3+l7)).
static float lanes_sum(const float l[8]) {
    const float m0 = l[0] + l[4], m1 = l[1] + l[5], m2 = l[2] + l[6], m3 = l[3] + l[7];
    return (m0 + m2) + (m1 + m3);
}

void wh_gemv_u7q4_reference(int64_t n, int64_t k, const uint8_t *a, const uint8_t *packed,
                            const float *scales, float *y) {
    const int64_t groups = k / 32;
    for (int64_t j = 0; j < n; j++) {
        float lane[8] = {0};
        for (int64_t g = 0; g < groups; g++) {
            const uint8_t *w = packed + (j * groups + g) * 16;
            const uint8_t *ag = a + g * 32;
            for (int l = 0; l < 8; l++) {
                int32_t s = 0;
                for (int p = 4 * l; p < 4 * l + 4; p++) {
                    const int q = (p < 16 ? (w[p] & 15) : (w[p - 16] >> 4)) - 8;
                    s += (int32_t)ag[p] * q;
                }
                lane[l] = fmaf((float)s, scales[j * groups + g], lane[l]);
            }
        }
        y[j] = lanes_sum(lane);
    }
}

#if WH_X86
WH_AVX2 static inline float hsum_ps(__m256 v) {
    __m128 m = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));  // l + l+4
    __m128 h = _mm_movehl_ps(m, m);                                                // m2, m3
    __m128 s = _mm_add_ps(m, h);                                                   // m0+m2, m1+m3
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_shuffle_ps(s, s, 1)));
}

// R activation rows (R ≤ 4, a constant at each call) against every weight row: each group of
// 4-bit codes is unpacked once for the R rows, and each row keeps the GEMV's own accumulator
// and order, so its sums are the GEMV's bit for bit.
WH_AVX2 static inline __attribute__((always_inline))
void q4_rows_avx2(const int R, int64_t n, int64_t k, const uint8_t *a, int64_t lda, const uint8_t *packed,
                  const float *scales, float *y, int64_t ldy) {
    const int64_t groups = k / 32;
    const __m256i low = _mm256_set1_epi8(15), eight = _mm256_set1_epi8(8), ones = _mm256_set1_epi16(1);
    for (int64_t j = 0; j < n; j++) {
        __m256 acc[4];
        for (int r = 0; r < R; r++) acc[r] = _mm256_setzero_ps();
        const uint8_t *w = packed + j * groups * 16;
        const float *s = scales + j * groups;
        for (int64_t g = 0; g < groups; g++) {
            const __m128i bytes = _mm_loadu_si128((const __m128i *)(w + g * 16));
            const __m256i both = _mm256_set_m128i(_mm_srli_epi16(bytes, 4), bytes);
            const __m256i q = _mm256_sub_epi8(_mm256_and_si256(both, low), eight);
            const __m256 scale = _mm256_set1_ps(s[g]);
            for (int r = 0; r < R; r++) {
                const __m256i av = _mm256_loadu_si256((const __m256i *)(a + r * lda + g * 32));
                const __m256i sums = _mm256_madd_epi16(_mm256_maddubs_epi16(av, q), ones);
                acc[r] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums), scale, acc[r]);
            }
        }
        for (int r = 0; r < R; r++) y[r * ldy + j] = hsum_ps(acc[r]);
    }
}

WH_AVX2 static void gemm_q4_avx2(int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda,
                                 const uint8_t *packed, const float *scales, float *y, int64_t ldy) {
    int64_t i = 0;
    for (; i + 4 <= m; i += 4) q4_rows_avx2(4, n, k, a + i * lda, lda, packed, scales, y + i * ldy, ldy);
    switch (m - i) {
    case 3: q4_rows_avx2(3, n, k, a + i * lda, lda, packed, scales, y + i * ldy, ldy); break;
    case 2: q4_rows_avx2(2, n, k, a + i * lda, lda, packed, scales, y + i * ldy, ldy); break;
    case 1: q4_rows_avx2(1, n, k, a + i * lda, lda, packed, scales, y + i * ldy, ldy); break;
    default: break;
    }
}
#endif

void wh_gemv_u7q4(int64_t n, int64_t k, const uint8_t *a, const uint8_t *packed,
                  const float *scales, float *y) {
#if WH_X86
    if (wh_cpu_has_avx2()) { gemm_q4_avx2(1, n, k, a, 0, packed, scales, y, 0); return; }
#endif
    wh_gemv_u7q4_reference(n, k, a, packed, scales, y);
}

void wh_gemm_u7q4(int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda, const uint8_t *packed,
                  const float *scales, float *y, int64_t ldy) {
#if WH_X86
    if (wh_cpu_has_avx2()) { gemm_q4_avx2(m, n, k, a, lda, packed, scales, y, ldy); return; }
#endif
    for (int64_t i = 0; i < m; i++) wh_gemv_u7q4_reference(n, k, a + i * lda, packed, scales, y + i * ldy);
}
