import Testing
@testable import Render

@Suite struct TexToUnicodeTests {
    /// Realistic compression formulas and the Unicode we want a learner to read.
    @Test(arguments: [
        // Affine (asymmetric) quantization and its scale.
        (#"q = \mathrm{clamp}\left(\left\lfloor \frac{x}{s} \right\rceil + z, 0, 2^{b} - 1\right)"#,
         "q = clamp(⌊x/s⌉ + z, 0, 2ᵇ - 1)"),
        (#"s = \frac{x_{\max} - x_{\min}}{2^b - 1}"#, "s = (xₘₐₓ - xₘᵢₙ)/(2ᵇ - 1)"),
        (#"\hat{w} = \mathrm{round}\left(\frac{w - z}{s}\right) s + z"#, "ŵ = round((w - z)/s) s + z"),
        // Hinton et al.'s distillation loss with the T² factor.
        (#"\mathcal{L} = (1-\alpha)\,\mathcal{L}_{CE}(y, \sigma(z_s)) + \alpha T^2 \, \mathrm{KL}\left(\sigma(z_t/T) \,\|\, \sigma(z_s/T)\right)"#,
         "ℒ = (1-α) ℒ_(CE)(y, σ(zₛ)) + α T² KL(σ(zₜ/T) ‖ σ(zₛ/T))"),
        // LoRA.
        (#"h = W_0 x + \frac{\alpha}{r} B A x"#, "h = W₀ x + (α/r) B A x"),
        (#"W' = W + \frac{\alpha}{r}BA, \quad B \in \mathbb{R}^{d \times r}"#, "W′ = W + (α/r)BA,  B ∈ ℝ^(d×r)"),
        // Zhu & Gupta's cubic sparsity schedule.
        (#"s_t = s_f + (s_i - s_f)\left(1 - \frac{t - t_0}{n \Delta t}\right)^3"#,
         "sₜ = s_f + (sᵢ - s_f)(1 - (t - t₀)/(n Δ t))³"),
        // Softmax and attention.
        (#"\operatorname{softmax}(z)_i = \frac{\exp(z_i)}{\sum_{j=1}^{n} \exp(z_j)}"#,
         "softmax(z)ᵢ = exp(zᵢ)/(Σⱼ₌₁ⁿ exp(zⱼ))"),
        (#"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right) V"#,
         "Attention(Q, K, V) = softmax(QKᵀ/√dₖ) V"),
        (#"\arg\min_{W} \lVert W - \hat{W} \rVert_F^2"#, "arg min_W ‖ W - Ŵ ‖_F²"),
    ])
    func compressionFormulas(tex: String, expected: String) {
        #expect(texToUnicode(tex) == expected)
    }

    @Test(arguments: [
        (#"\alpha\beta\gamma\Gamma\Delta\Omega\varepsilon"#, "αβγΓΔΩε"),
        (#"x \in \mathbb{R}, x \to \infty, x \rightarrow 0"#, "x ∈ ℝ, x → ∞, x → 0"),
        (#"a \leq b \geq c \neq d \approx e"#, "a ≤ b ≥ c ≠ d ≈ e"),
        (#"A \odot B \otimes C \cdot D \times E"#, "A ⊙ B ⊗ C · D × E"),
        (#"\nabla_\theta f, \partial_x f"#, "∇_θ f, ∂ₓ f"),
        (#"\lfloor x \rfloor"#, "⌊ x ⌋"),
        (#"\bar{x} + \tilde{y} + \hat{\theta}"#, "x̄ + ỹ + θ̂"),
        (#"\text{if } x \geq 0"#, "if x ≥ 0"),
        (#"\log p + \exp(x) + \max_i x_i"#, "log p + exp(x) + maxᵢ xᵢ"),
        (#"\int_0^\infty e^{-x}\,dx = 1"#, "∫₀^∞ e⁻ˣ dx = 1"),
        (#"\prod_{i=1}^{n} x_i"#, "Πᵢ₌₁ⁿ xᵢ"),
        (#"\frac12 + \frac{a}{b}c"#, "1/2 + (a/b)c"),
        (#"\sqrt{2} + \sqrt{x^2 + y^2} + \sqrt[3]{x}"#, "√2 + √(x² + y²) + ∛x"),
        (#"a \quad b"#, "a  b"),
        (#"x^{n+1}_{k}"#, "xⁿ⁺¹ₖ"),
        (#"\|x\|_2"#, "‖x‖₂"),
        (#"\left. f \right|_{x=0}"#, "f|ₓ₌₀"),
        (#"\mathbf{W} \mathrm{x}"#, "W x"),
        (#"\foo{bar} + \unknown"#, "\\foo{bar} + \\unknown"),
        ("", ""),
        (#"a \\ b"#, "a\nb"),
        (#"x_"#, "x_"),
        (#"\frac{1}"#, "1/"),
    ])
    func symbolsAndStructure(tex: String, expected: String) {
        #expect(texToUnicode(tex) == expected)
    }

    @Test func deepNestingFallsBackToSource() {
        let deep = String(repeating: "{", count: 5000) + "x" + String(repeating: "}", count: 5000)
        #expect(texToUnicode(deep).contains("x"))
        #expect(texToUnicode(#"\frac{a}{b}x \frac{\hat{}}{b}c"#) == "(a/b)x (̂/b)c")
    }

    @Test func equationRenderings() {
        let equation = Equation(tex: #"  \hat{w} = s (q - z)  "#)
        #expect(equation.markdown() == "$$\n\\hat{w} = s (q - z)\n$$")
        #expect(equation.terminal(width: 80, color: true) == "ŵ = s (q - z)")
        #expect(equation.svg() == nil)
    }
}
