import Testing
@testable import TensorCore

@Suite struct ShapeOpsTests {
    @Test func stackSplitConcatenate() throws {
        let a = Tensor([1, 2]), b = Tensor([3, 4])
        let s = try Tensor.stack([a, b], axis: 1)
        #expect(s.shape == [2, 2] && s.scalars == [1, 3, 2, 4])
        let parts = try s.split(parts: 2, axis: 1)
        #expect(parts[1].scalars == [3, 4])
        #expect(try s.split(sizes: [1, 1]).map(\.scalars) == [[1, 3], [2, 4]])
        #expect(throws: TensorError.self) { try Tensor.concatenate([s, Tensor([1, 2, 3])]) }
        #expect(throws: TensorError.self) { try s.split(sizes: [3]) }
    }

    @Test func oneHotGatherIndexSelect() throws {
        let h = try Tensor([2, 0]).oneHot(depth: 3)
        #expect(h.shape == [2, 3] && h.scalars == [0, 0, 1, 1, 0, 0])
        #expect(throws: TensorError.self) { try Tensor([3]).oneHot(depth: 3) }
        let x = try Tensor.arange(6).reshaped([2, 3])
        #expect(try x.indexSelect(axis: 1, indices: Tensor([2, -3])).scalars == [2, 0, 5, 3])
        #expect(try x.gather(axis: 1, indices: Tensor(shape: [2, 1], scalars: [1, 2])).scalars == [1, 5])
        #expect(throws: TensorError.self) { try x.indexSelect(axis: 0, indices: Tensor([2])) }
    }

    @Test func viewsSqueezeUnsqueezeBroadcast() throws {
        let x = try Tensor.arange(6).reshaped([1, 2, 3])
        #expect(try x.squeezed().shape == [2, 3])
        #expect(try x.unsqueezed(axis: -1).shape == [1, 2, 3, 1])
        #expect(throws: TensorError.self) { try x.squeezed(axis: 1) }
        let b = try Tensor([1, 2, 3]).broadcast(to: [2, 3])
        #expect(b.strides == [0, 1] && b.scalars == [1, 2, 3, 1, 2, 3])
        #expect(try x.reshaped([-1]).shape == [6])
        #expect(throws: TensorError.self) { try x.reshaped([4, -1]) }
        // Reshaping a transposed (non-contiguous) view copies and keeps logical order.
        #expect(try x.reshaped([2, 3]).transposed().reshaped([6]).scalars == [0, 3, 1, 4, 2, 5])
    }

    @Test func assignWritesIntoSlice() throws {
        var x = try Tensor.zeros([3, 4])
        let alias = x
        try x.assign(Tensor([1, 2, 3]), axis: 1, start: 1, end: 4)
        #expect(x.scalars == [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3])
        #expect(alias.scalars.allSatisfy { $0 == 0 })
        #expect(throws: TensorError.self) { try x.assign(Tensor([1, 2]), axis: 1, start: 0, end: 3) }
    }

    @Test func whereAndComparisonsBroadcast() throws {
        let x = Tensor([-1, 0, 2])
        let mask = try x.greater(Tensor(0))
        #expect(mask.scalars == [0, 0, 1])
        #expect(try Tensor.where(mask, x, Tensor(9)).scalars == [9, 9, 2])
        #expect(try x.equal(Tensor([-1, 1, 2])).scalars == [1, 0, 1])
        #expect(x.clamp(min: -0.5, max: 1).scalars == [-0.5, 0, 1])
    }

    @Test func topkAndQuantileErrors() throws {
        let x = Tensor([3, 1, 2])
        let (v, i) = try x.topk(2)
        #expect(v.scalars == [3, 2] && i.scalars == [0, 2])
        #expect(try x.topk(1, largest: false).values.scalars == [1])
        #expect(throws: TensorError.self) { try x.topk(4) }
        #expect(throws: TensorError.self) { try x.quantile(1.5) }
    }

    @Test func threadedResultsMatchSingleThread() throws {
        let a = try Tensor.randn([1 << 21], seed: 3), b = try Tensor.randn([1 << 21], seed: 4)
        let m = try Tensor.randn([2048, 1024], seed: 5)
        let saved = TensorCore.threads
        TensorCore.threads = 1
        let one = (try a * b + a, a.exp(), try m.softmax())
        TensorCore.threads = 2
        let two = (try a * b + a, a.exp(), try m.softmax())
        TensorCore.threads = saved
        #expect(one.0.scalars == two.0.scalars)
        #expect(one.1.scalars == two.1.scalars)
        #expect(one.2.scalars == two.2.scalars)
    }

    @Test func svdReconstructs() throws {
        let x = try Tensor.randn([5, 3], seed: 6)
        let (u, s, vt) = try x.svd()
        #expect(u.shape == [5, 3] && s.shape == [3] && vt.shape == [3, 3])
        let back = try (u * s).matmul(vt)
        let err = try (back - x).abs().max().item()
        #expect(err < 1e-5)
        #expect(throws: TensorError.self) { try Tensor([1, 2]).svd() }
    }
}

@Suite struct TemporaryElisionTests {
    @Test func reuseNeverOverwritesLiveTensors() throws {
        let a = try Tensor.randn([1 << 17], seed: 1), b = try Tensor.randn([1 << 17], seed: 2)
        let before = a.scalars
        let s = try a + b           // a is still alive: must not be overwritten
        #expect(a.scalars == before)
        let t = try a * b + a       // the product is a temporary: reused, result still right
        let expected = zip(before, b.scalars).map { $0 * $1 + $0 }
        #expect(t.scalars == expected)
        let view = try a.reshaped([2, -1])
        let u = try view + Tensor(1)  // a view shares a's storage: not unique, not reused
        #expect(a.scalars == before && u.shape == [2, 1 << 16])
        #expect(s.count == a.count)
    }
}
