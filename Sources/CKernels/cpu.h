// What the CPU can run, asked once: the kernels of this module choose their AVX2 paths on it.
#ifndef WHITTLE_KERNELS_CPU_H
#define WHITTLE_KERNELS_CPU_H

/// 1 when the CPU executes AVX2 and FMA, else 0 (always 0 off x86-64).
int wh_cpu_has_avx2(void);

/// 1 when the CPU (and the OS, for the wider registers' state) runs AVX-512 VNNI on 256-bit
/// registers (AVX512F, AVX512VL, AVX512_VNNI), else 0.
int wh_cpu_has_avx512vnni(void);

/// 1 when the CPU runs the VEX-encoded AVX-VNNI, else 0.
int wh_cpu_has_avxvnni(void);

#endif
