import Foundation
import Testing
@testable import TensorCore

@Suite struct IOTests {
    func fixture(_ name: String) throws -> URL { try NumpyFixtureTests.fixtureURL(name) }

    @Test func readsNumpyFiles() throws {
        let f4 = try Npy.read(from: fixture("f4_2x3.npy"))
        #expect(f4.shape == [2, 3] && f4.scalars == [0, 0.25, 0.5, 0.75, 1, 1.25])
        #expect(try Npy.read(from: fixture("f8_4.npy")).scalars == [1.5, -2.25, 1e-3, 3e5])
        #expect(try Npy.read(from: fixture("i8_5.npy")).scalars == [0, 1, -7, 123456, -5])
        let i1 = try Npy.read(from: fixture("i1_4.npy"))
        #expect(i1.dtype == .int8 && i1.scalars == [-128, -1, 0, 127])
        let u1 = try Npy.read(from: fixture("u1_4.npy"))
        #expect(u1.dtype == .uint8 && u1.scalars == [0, 1, 200, 255])
        let fortran = try Npy.read(from: fixture("fortran_2x3.npy"))
        #expect(fortran.shape == [2, 3] && fortran.scalars == [0, 1, 2, 3, 4, 5])
        let v2 = try Npy.read(from: fixture("v2_3x2.npy"))
        #expect(v2.shape == [3, 2] && v2.scalars == [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
    }

    @Test func npyRoundTripsEveryDtype() throws {
        let base = try Tensor(shape: [2, 3], scalars: [-3, -1, 0, 1, 2, 7])
        for dtype in [DType.float32, .int8, .uint8, .int32] {
            let t = base.astype(dtype)
            let back = try Npy.decode(Npy.encode(t))
            #expect(back.dtype == dtype && back.shape == [2, 3] && back.scalars == t.scalars)
        }
        // A transposed view is written in logical (row-major) order; data starts 64-byte aligned.
        let data = Npy.encode(base.transposed())
        #expect(try Npy.decode(data).scalars == [-3, 1, -1, 2, 0, 7])
        #expect((data.count - 6 * 4) % 64 == 0)
        #expect(throws: TensorError.self) { try Npy.decode(Data([1, 2, 3])) }
    }

    @Test func readsSafetensorsFixture() throws {
        let file = try SafeTensors.read(from: fixture("mixed.safetensors"))
        #expect(file.names == ["weight", "half", "q8", "u8", "ids"])
        #expect(file.metadata["note"] == "whittle fixture")
        #expect(file.tensors["weight"]?.scalars == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(file.tensors["half"]?.scalars == [1, -2.5, 65504, 6.097555160522461e-05 /* subnormal half 0x03FF */, 0])
        #expect(file.tensors["q8"]?.dtype == .int8 && file.tensors["q8"]?.scalars == [-128, 5, 7, 127])
        #expect(file.tensors["u8"]?.scalars == [0, 9, 255])
        #expect(file.tensors["ids"]?.dtype == .int32 && file.tensors["ids"]?.scalars == [3, -4, 1_048_576])
    }

    @Test func safetensorsRoundTrip() throws {
        let w = try Tensor.randn([3, 4], seed: 5)
        let q = try Tensor(shape: [5], scalars: [-8, -1, 0, 3, 7]).astype(.int4)
        let data = try SafeTensors.encode(["w": w.transposed(), "q": q, "b": Tensor([1, 2]).astype(.uint8)],
                                          metadata: ["bits": "4"])
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + headerLength) % 8 == 0)
        let back = try SafeTensors.decode(data)
        #expect(back.metadata == ["bits": "4"])
        #expect(back.tensors["w"]?.scalars == w.transposed().scalars)
        #expect(back.tensors["q"]?.dtype == .int8 && back.tensors["q"]?.scalars == [-8, -1, 0, 3, 7])
        #expect(back.tensors["b"]?.dtype == .uint8)
        var corrupt = data
        corrupt[0] = 0xFF
        #expect(throws: TensorError.self) { try SafeTensors.decode(corrupt) }
    }
}
