// The one CPU check of the C kernels (see cpu.h).
#include "cpu.h"

int wh_cpu_has_avx2(void) {
#if defined(__x86_64__)
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
#else
    return 0;
#endif
}

int wh_cpu_has_avx512vnni(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return wh_cpu_has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512vnni");
#else
    return 0;
#endif
}

int wh_cpu_has_avxvnni(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return wh_cpu_has_avx2() && __builtin_cpu_supports("avxvnni");
#else
    return 0;
#endif
}
