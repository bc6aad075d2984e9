// The row kernels every path shares: softmax, layer norm and GELU are each written once, here,
// on raw pointers. `Tensor` calls them row by row, the autodiff primitives (Variable+Kernels)
// call them for their forward values, and the language model's decoder calls them on its
// activations — so training, plain tensor maths and fast inference compute the same numbers.

/// Raw-pointer kernels shared by Tensor, Variable and the LM decoder.
public enum Kernels {}
