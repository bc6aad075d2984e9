// GELU (tanh form), the loop every GELU over many values runs (tensors, autodiff, fusion, the
// decoder's MLP): a transcription of TensorCore's Swift definition
// (FastMath.swift's fastExp and fastTanh, Kernels+GELU.swift's gelu), operation for operation,
// so each value is bit-identical to it. Swift's eight-lane version compiled to half-width
// instructions and ran at 4 ns per value; this one is plain AVX2.
//
// Constants are given as bit patterns, exactly the Floats Swift makes of the decimal literals.
// No contraction into FMA (the build passes -ffp-contract=off): every product is rounded on its
// own, as in Swift.
#include "whittle_kernels.h"
#include "cpu.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

static inline float from_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
#define C_GELU     from_bits(0x3f4c422a)   /* √(2/π) */
#define C_CUBIC    from_bits(0x3d372713)   /* 0.044715 */
#define C_LOG2E    from_bits(0x3fb8aa3b)
#define C_LN2_HI   from_bits(0x3f318000)
#define C_LN2_LO   from_bits(0x395e8083)
#define C_E0 from_bits(0x39506967)
#define C_E1 from_bits(0x3ab743ce)
#define C_E2 from_bits(0x3c088908)
#define C_E3 from_bits(0x3d2aa9c1)
#define C_E4 from_bits(0x3e2aaaaa)
#define C_E5 from_bits(0x3f000000)
#define C_T0 from_bits(0xbbbaf0ea)
#define C_T1 from_bits(0x3ca9134e)
#define C_T2 from_bits(0xbd5c1e2d)
#define C_T3 from_bits(0x3e088393)
#define C_T4 from_bits(0xbeaaaa99)

static float exp_scalar(float x) {
    const int nan = x != x;
    float xc = nan ? 0.0f : x;
    xc = xc > -104.0f ? xc : -104.0f;   // Swift.max(x, -104) keeps x unless -104 is larger
    xc = 88.8f < xc ? 88.8f : xc;       // Swift.min(x, 88.8)
    const float n = nearbyintf(xc * C_LOG2E);
    const float r = (xc - n * C_LN2_HI) + n * C_LN2_LO;
    const float r2 = r * r;
    float p = C_E0;
    p = p * r + C_E1; p = p * r + C_E2; p = p * r + C_E3; p = p * r + C_E4; p = p * r + C_E5;
    const float e = p * r2 + r + 1.0f;
    const int32_t ni = (int32_t)n, n1 = ni >> 1, n2 = ni - n1;
    const float s1 = from_bits((uint32_t)((n1 + 127) << 23)), s2 = from_bits((uint32_t)((n2 + 127) << 23));
    const float result = e * s1 * s2;
    return nan ? x : result;
}

static float tanh_scalar(float x) {
    const float ax = fabsf(x), z = x * x;
    float p = C_T0;
    p = p * z + C_T1; p = p * z + C_T2; p = p * z + C_T3; p = p * z + C_T4;
    const float small = x + x * z * p;
    const float e = exp_scalar(2.0f * (10.0f < ax ? 10.0f : ax));
    const float large = 1.0f - 2.0f / (e + 1.0f);
    const float sgn = x < 0 ? -large : large;
    return ax < 0.625f ? small : (x != x ? x : sgn);
}

static float gelu_scalar(float v) {
    return 0.5f * v * (1.0f + tanh_scalar(C_GELU * (v + C_CUBIC * v * v * v)));
}

#if defined(__x86_64__)
#include <immintrin.h>
#define WH_AVX2 __attribute__((target("avx2,fma")))

WH_AVX2 static inline __m256 exp_avx2(__m256 x) {
    const __m256 nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
    __m256 xc = _mm256_andnot_ps(nan, x);
    // Neither operand is NaN here, so max/min agree with Swift's comparisons (for ±0 too: the
    // clamps never compare two zeros).
    xc = _mm256_max_ps(xc, _mm256_set1_ps(-104.0f));
    xc = _mm256_min_ps(xc, _mm256_set1_ps(88.8f));
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(xc, _mm256_set1_ps(C_LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m256 r = _mm256_add_ps(_mm256_sub_ps(xc, _mm256_mul_ps(n, _mm256_set1_ps(C_LN2_HI))), _mm256_mul_ps(n, _mm256_set1_ps(C_LN2_LO)));
    const __m256 r2 = _mm256_mul_ps(r, r);
    __m256 p = _mm256_set1_ps(C_E0);
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(C_E1));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(C_E2));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(C_E3));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(C_E4));
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(C_E5));
    const __m256 e = _mm256_add_ps(_mm256_add_ps(_mm256_mul_ps(p, r2), r), _mm256_set1_ps(1.0f));
    const __m256i ni = _mm256_cvtps_epi32(n);   // n is integral: exact
    const __m256i n1 = _mm256_srai_epi32(ni, 1), n2 = _mm256_sub_epi32(ni, n1);
    const __m256i bias = _mm256_set1_epi32(127);
    const __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23));
    const __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23));
    return _mm256_blendv_ps(_mm256_mul_ps(_mm256_mul_ps(e, s1), s2), x, nan);
}

WH_AVX2 static inline __m256 tanh_avx2(__m256 x) {
    const __m256 ax = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    const __m256 z = _mm256_mul_ps(x, x);
    __m256 p = _mm256_set1_ps(C_T0);
    p = _mm256_add_ps(_mm256_mul_ps(p, z), _mm256_set1_ps(C_T1));
    p = _mm256_add_ps(_mm256_mul_ps(p, z), _mm256_set1_ps(C_T2));
    p = _mm256_add_ps(_mm256_mul_ps(p, z), _mm256_set1_ps(C_T3));
    p = _mm256_add_ps(_mm256_mul_ps(p, z), _mm256_set1_ps(C_T4));
    const __m256 small = _mm256_add_ps(x, _mm256_mul_ps(_mm256_mul_ps(x, z), p));
    // min(ax, 10): for NaN ax the value does not matter (the result is x, below).
    const __m256 e = exp_avx2(_mm256_mul_ps(_mm256_set1_ps(2.0f), _mm256_min_ps(ax, _mm256_set1_ps(10.0f))));
    const __m256 one = _mm256_set1_ps(1.0f);
    const __m256 large = _mm256_sub_ps(one, _mm256_div_ps(_mm256_set1_ps(2.0f), _mm256_add_ps(e, one)));
    const __m256 negative = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ);
    const __m256 sgn = _mm256_blendv_ps(large, _mm256_xor_ps(large, _mm256_set1_ps(-0.0f)), negative);
    const __m256 nan = _mm256_cmp_ps(x, x, _CMP_UNORD_Q);
    const __m256 big = _mm256_blendv_ps(sgn, x, nan);
    return _mm256_blendv_ps(big, small, _mm256_cmp_ps(ax, _mm256_set1_ps(0.625f), _CMP_LT_OQ));
}

WH_AVX2 static void gelu_avx2(const float *x, float *y, int64_t n) {
    const __m256 half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1.0f);
    const __m256 cg = _mm256_set1_ps(C_GELU), cc = _mm256_set1_ps(C_CUBIC);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        const __m256 cubic = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(cc, v), v), v);
        const __m256 t = tanh_avx2(_mm256_mul_ps(cg, _mm256_add_ps(v, cubic)));
        _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_mul_ps(half, v), _mm256_add_ps(one, t)));
    }
    for (; i < n; i++) y[i] = gelu_scalar(x[i]);
}
#endif

void wh_gelu(const float *x, float *y, int64_t n) {
#if defined(__x86_64__)
    if (wh_cpu_has_avx2()) { gelu_avx2(x, y, n); return; }
#endif
    for (int64_t i = 0; i < n; i++) y[i] = gelu_scalar(x[i]);
}
