// The decoder's Float32 products over weights packed as 16-column panels, for any number of
// rows: one (a decoding step), γ + 1 (speculative verification), a prompt (prefill). Each panel
// streams once per group of up to six rows, with every row's 16 outputs in registers (up to
// twelve accumulators), so one weight load feeds six rows: the weights cross the cache hierarchy
// once for a verification of up to six positions instead of once per position.
//
// Every output is y, then one product and one sum per kk in order, each rounded (no FMA: the
// build passes -ffp-contract=off and the vector code spells out multiply and add), whatever the
// group: a position gets the same logits decoded alone, verified or prefilled.
#include "whittle_kernels.h"
#include "cpu.h"

#pragma STDC FP_CONTRACT OFF

enum { PANEL = WH_PANEL_WIDTH, MAX_GROUP = 6 };

// One group of rows (1...6) through every full panel, the plain C of the vector code below.
static void group_portable(int rows, int64_t k, int64_t n, int64_t full, const float *x,
                           const float *panels, float *y) {
    for (int64_t p = 0; p < full; p++) {
        const float *panel = panels + p * k * PANEL;
        for (int r = 0; r < rows; r++) {
            float *out = y + r * n + p * PANEL;
            for (int c = 0; c < PANEL; c++) {
                float v = out[c];
                for (int64_t kk = 0; kk < k; kk++) v = v + x[r * k + kk] * panel[kk * PANEL + c];
                out[c] = v;
            }
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#define WH_AVX2 __attribute__((target("avx2,fma")))

// R rows × P adjacent panels (P = 1, 2 or 4), both constants at each call site so the R·2P
// accumulators live in registers. One row takes four panels at a time and two rows two: an
// add's latency needs about six independent sums in flight. Three rows do not: twelve accumulators, four
// weight vectors and a broadcast are seventeen of AVX2's sixteen registers, and the spills
// made three rows slower than four (22 against 36 GMAC/s).
WH_AVX2 static inline __attribute__((always_inline))
void tile_avx2(const int R, const int P, int64_t k, int64_t n, const float *x, const float *panel, float *y) {
    const int64_t stride = k * PANEL;
    __m256 acc[MAX_GROUP][8];
    for (int r = 0; r < R; r++)
        for (int v = 0; v < 2 * P; v++) acc[r][v] = _mm256_loadu_ps(y + r * n + 8 * v);
    for (int64_t kk = 0; kk < k; kk++) {
        __m256 w[8];
        for (int q = 0; q < P; q++) {
            w[2 * q] = _mm256_loadu_ps(panel + q * stride + kk * PANEL);
            w[2 * q + 1] = _mm256_loadu_ps(panel + q * stride + kk * PANEL + 8);
        }
        for (int r = 0; r < R; r++) {
            const __m256 s = _mm256_broadcast_ss(x + r * k + kk);
            for (int v = 0; v < 2 * P; v++) acc[r][v] = _mm256_add_ps(acc[r][v], _mm256_mul_ps(s, w[v]));
        }
    }
    for (int r = 0; r < R; r++)
        for (int v = 0; v < 2 * P; v++) _mm256_storeu_ps(y + r * n + 8 * v, acc[r][v]);
}

#define WH_GROUP(R) WH_AVX2 static void group##R(int64_t k, int64_t n, int64_t full, const float *x, \
                                               const float *panels, float *y) { \
    int64_t p = 0; \
    if (R == 1) for (; p + 4 <= full; p += 4) tile_avx2(R, 4, k, n, x, panels + p * k * PANEL, y + p * PANEL); \
    if (R < 3) for (; p + 2 <= full; p += 2) tile_avx2(R, 2, k, n, x, panels + p * k * PANEL, y + p * PANEL); \
    for (; p < full; p++) tile_avx2(R, 1, k, n, x, panels + p * k * PANEL, y + p * PANEL); \
}
WH_GROUP(1) WH_GROUP(2) WH_GROUP(3) WH_GROUP(4) WH_GROUP(5) WH_GROUP(6)

static void group_avx2(int rows, int64_t k, int64_t n, int64_t full, const float *x,
                       const float *panels, float *y) {
    switch (rows) {
    case 1: group1(k, n, full, x, panels, y); break;
    case 2: group2(k, n, full, x, panels, y); break;
    case 3: group3(k, n, full, x, panels, y); break;
    case 4: group4(k, n, full, x, panels, y); break;
    case 5: group5(k, n, full, x, panels, y); break;
    default: group6(k, n, full, x, panels, y); break;
    }
}
#endif

typedef void (*group_kernel)(int, int64_t, int64_t, int64_t, const float *, const float *, float *);

static void panel_rows(group_kernel group, int64_t rows, int64_t k, int64_t n, const float *x,
                       const float *panels, float *y) {
    const int64_t full = n / PANEL;
    // Groups as even as possible (8 rows: 4 + 4, not 6 + 2), each at most six rows.
    const int64_t groups = (rows + MAX_GROUP - 1) / MAX_GROUP;
    int64_t first = 0;
    for (int64_t g = 0; g < groups; g++) {
        const int size = (int)(rows / groups + (g < rows % groups ? 1 : 0));
        const float *xg = x + first * k;
        float *yg = y + first * n;
        group(size, k, n, full, xg, panels, yg);
        first += size;
    }
    // The columns of a last, partial panel (zero-padded in the layout), one at a time in order.
    if (full * PANEL < n) {
        const float *panel = panels + full * k * PANEL;
        for (int64_t r = 0; r < rows; r++) {
            for (int64_t j = full * PANEL; j < n; j++) {
                float v = y[r * n + j];
                for (int64_t kk = 0; kk < k; kk++) v = v + x[r * k + kk] * panel[kk * PANEL + j - full * PANEL];
                y[r * n + j] = v;
            }
        }
    }
}

void wh_panel_rows(int64_t rows, int64_t k, int64_t n, const float *x, const float *panels, float *y) {
#if defined(__x86_64__)
    if (wh_cpu_has_avx2()) { panel_rows(group_avx2, rows, k, n, x, panels, y); return; }
#endif
    panel_rows(group_portable, rows, k, n, x, panels, y);
}

void wh_panel_rows_portable(int64_t rows, int64_t k, int64_t n, const float *x, const float *panels, float *y) {
    panel_rows(group_portable, rows, k, n, x, panels, y);
}
