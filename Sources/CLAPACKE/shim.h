// LAPACK's C interface (SVD and friends).
#include <lapacke.h>
