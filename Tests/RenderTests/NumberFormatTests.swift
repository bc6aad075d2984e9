import Testing
@testable import Render

@Suite struct NumberFormatTests {
    @Test(arguments: [
        (3.0, "3"), (-120.0, "-120"), (0.0, "0"), (-0.0, "0"), (1e14, "100000000000000"),
        (1e15, "1e+15"), (1e20, "1e+20"), (0.1 + 0.2, "0.3"), (2.5, "2.5"), (1.0 / 3.0, "0.3333"),
        (-2.0 / 3.0, "-0.6667"), (1.2e-5, "1.2e-05"), (0.0001234567, "0.0001235"),
        (0.00001234567, "1.235e-05"), (12345.678, "1.235e+04"), (1234.5678, "1235"),
        (123.456, "123.5"), (9.99996, "10"), (0.99999, "1"), (-1e-300, "-1e-300"),
        (6.02214076e23, "6.022e+23"), (Double.nan, "nan"), (Double.infinity, "inf"),
        (-Double.infinity, "-inf"), (1.5e-10, "1.5e-10"), (0.5, "0.5"),
    ])
    func defaultDigits(value: Double, expected: String) {
        #expect(formatNumber(value) == expected)
    }

    @Test func explicitDigits() {
        #expect(formatNumber(3.14159265, digits: 2) == "3.1")
        #expect(formatNumber(3.14159265, digits: 6) == "3.14159")
        #expect(formatNumber(0.000314159, digits: 3) == "0.000314")
        #expect(formatNumber(2.675, digits: 3) == "2.67")  // 2.675 is 2.67499999... in binary
        #expect(formatNumber(99.96, digits: 3) == "100")
        #expect(formatNumber(1.5, digits: 1) == "2")
        #expect(formatNumber(1.0 / 3.0, digits: 0) == "0.3")
    }
}
