// The INT8 GEMM's tiles, GEMV and blocking, written once for every x86 instruction set that
// runs them: integer_kernels.c includes this file once per set, after defining
//   WH_SET_TARGET            the function attribute naming the instructions (target("..."))
//   WH_SET(name)             the name of a function in this set (name ## _avx2, ...)
//   WH_DOT(acc, av, bv)      acc + Σ of each four adjacent u8·s8 products, as int32 lanes
// Every set computes the same exact int32 sums; only the instructions differ.

// One MR × NR tile of C over the whole of k; MR, NR ≤ 3 are constants at every call, so the
// compiler unrolls the loops over them and keeps the accumulators in registers.
WH_SET_TARGET static inline __attribute__((always_inline))
void WH_SET(tile)(const int MR, const int NR, int64_t k, const uint8_t *a, int64_t lda,
                  const int8_t *b, int64_t ldb, int32_t *c, int64_t ldc) {
    __m256i acc[3][3];
    for (int i = 0; i < MR; i++)
        for (int j = 0; j < NR; j++) acc[i][j] = _mm256_setzero_si256();
    const int64_t kv = k & ~(int64_t)31;
    for (int64_t p = 0; p < kv; p += 32) {
        __m256i av[3];
        for (int i = 0; i < MR; i++) av[i] = _mm256_loadu_si256((const __m256i *)(a + i * lda + p));
        for (int j = 0; j < NR; j++) {
            const __m256i bv = _mm256_loadu_si256((const __m256i *)(b + j * ldb + p));
            for (int i = 0; i < MR; i++) acc[i][j] = WH_DOT(acc[i][j], av[i], bv);
        }
    }
    // A row's (up to) three sums at once.
    for (int i = 0; i < MR; i++) {
        const __m256i zero = _mm256_setzero_si256();
        int32_t s[4];
        hsum4_epi32(acc[i][0], NR > 1 ? acc[i][1] : zero, NR > 2 ? acc[i][2] : zero, zero, s);
        for (int j = 0; j < NR; j++) {
            for (int64_t p = kv; p < k; p++) s[j] += (int32_t)a[i * lda + p] * (int32_t)b[j * ldb + p];
            c[i * ldc + j] = s[j];
        }
    }
}

WH_SET_TARGET static void WH_SET(tile_any)(int mr, int nr, int64_t k, const uint8_t *a, int64_t lda,
                                           const int8_t *b, int64_t ldb, int32_t *c, int64_t ldc) {
    switch (mr * 4 + nr) {
    case 15: WH_SET(tile)(3, 3, k, a, lda, b, ldb, c, ldc); break;
    case 14: WH_SET(tile)(3, 2, k, a, lda, b, ldb, c, ldc); break;
    case 13: WH_SET(tile)(3, 1, k, a, lda, b, ldb, c, ldc); break;
    case 11: WH_SET(tile)(2, 3, k, a, lda, b, ldb, c, ldc); break;
    case 10: WH_SET(tile)(2, 2, k, a, lda, b, ldb, c, ldc); break;
    case 9: WH_SET(tile)(2, 1, k, a, lda, b, ldb, c, ldc); break;
    case 7: WH_SET(tile)(1, 3, k, a, lda, b, ldb, c, ldc); break;
    case 6: WH_SET(tile)(1, 2, k, a, lda, b, ldb, c, ldc); break;
    default: WH_SET(tile)(1, 1, k, a, lda, b, ldb, c, ldc); break;
    }
}

// A single activation row (decoding): four weight rows per step share one activation load.
WH_SET_TARGET static void WH_SET(gemv)(int64_t n, int64_t k, const uint8_t *a, const int8_t *b, int64_t ldb, int32_t *c) {
    const int64_t kv = k & ~(int64_t)31;
    int64_t j = 0;
    for (; j + 4 <= n; j += 4) {
        __m256i s0 = _mm256_setzero_si256(), s1 = s0, s2 = s0, s3 = s0;
        const int8_t *b0 = b + j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        for (int64_t p = 0; p < kv; p += 32) {
            const __m256i av = _mm256_loadu_si256((const __m256i *)(a + p));
            s0 = WH_DOT(s0, av, _mm256_loadu_si256((const __m256i *)(b0 + p)));
            s1 = WH_DOT(s1, av, _mm256_loadu_si256((const __m256i *)(b1 + p)));
            s2 = WH_DOT(s2, av, _mm256_loadu_si256((const __m256i *)(b2 + p)));
            s3 = WH_DOT(s3, av, _mm256_loadu_si256((const __m256i *)(b3 + p)));
        }
        int32_t r[4];
        hsum4_epi32(s0, s1, s2, s3, r);
        for (int q = 0; q < 4; q++) {
            const int8_t *bq = b + (j + q) * ldb;
            for (int64_t p = kv; p < k; p++) r[q] += (int32_t)a[p] * (int32_t)bq[p];
            c[j + q] = r[q];
        }
    }
    for (; j < n; j++) WH_SET(tile)(1, 1, k, a, 0, b + j * ldb, ldb, c + j, 1);
}

// Blocking: a panel of MB activation rows stays in L2 while each 3-row slice of weights (3·k
// bytes, in L1) meets every row of it.
WH_SET_TARGET static void WH_SET(gemm)(int64_t m, int64_t n, int64_t k, const uint8_t *a, int64_t lda,
                                       const int8_t *b, int64_t ldb, int32_t *c, int64_t ldc) {
    if (m == 1) { WH_SET(gemv)(n, k, a, b, ldb, c); return; }
    const int64_t MB = 48;
    for (int64_t ib = 0; ib < m; ib += MB) {
        const int64_t ie = ib + MB < m ? ib + MB : m;
        for (int64_t j = 0; j < n; j += 3) {
            const int nr = (int)(n - j < 3 ? n - j : 3);
            for (int64_t i = ib; i < ie; i += 3) {
                const int mr = (int)(ie - i < 3 ? ie - i : 3);
                WH_SET(tile_any)(mr, nr, k, a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc);
            }
        }
    }
}
