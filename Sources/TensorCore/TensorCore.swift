/// TensorCore: n-dimensional Float32 tensors on OpenBLAS and LAPACKE.
public enum TensorCore {}
