// Linear algebra through LAPACKE: the thin SVD.
import CLAPACKE

extension Tensor {
    /// Thin SVD of a 2-D tensor (LAPACK sgesdd, full_matrices = false): self = U diag(S) Vt with
    /// U [m, k], S [k] descending, Vt [k, n], k = min(m, n).
    public func svd() throws -> (u: Tensor, s: Tensor, vt: Tensor) {
        guard rank == 2 else { throw TensorError.shape("svd: needs a 2-D tensor, got shape \(shapeText(shape))") }
        let m = shape[0], n = shape[1], k = Swift.min(m, n)
        guard k > 0 else { throw TensorError.shape("svd: shape \(shapeText(shape)) has an empty axis") }
        let a = try Tensor(uninitialized: [m, n], op: "svd")
        try Tensor.copyElements(from: astype(.float32), into: a)  // sgesdd overwrites its input
        let u = try Tensor(uninitialized: [m, k], op: "svd")
        let s = try Tensor(uninitialized: [k], op: "svd")
        let vt = try Tensor(uninitialized: [k, n], op: "svd")
        BLASKernels.prepare()  // LAPACK runs on the BLAS kernels: same family and threads
        let info = LAPACKE_sgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "S")), Int32(m), Int32(n),
                                  a.storage.floats, Int32(n), s.storage.floats,
                                  u.storage.floats, Int32(k), vt.storage.floats, Int32(n))
        guard info == 0 else {
            throw TensorError.numeric(info > 0 ? "svd: did not converge (LAPACK info \(info))"
                                               : "svd: bad argument \(-info) to LAPACK sgesdd")
        }
        return (u, s, vt)
    }
}
