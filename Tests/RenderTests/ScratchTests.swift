import Testing
@testable import Render

@Test func scratch() {
    let cases = [
        #"\hat{w} = \mathrm{round}\left(\frac{w - z}{s}\right) s + z"#,
        #"q = \mathrm{clamp}\left(\left\lfloor \frac{x}{s} \right\rceil + z, 0, 2^{b} - 1\right)"#,
        #"s = \frac{x_{\max} - x_{\min}}{2^b - 1}"#,
        #"\mathcal{L}_{KD} = (1-\alpha)\,\mathcal{L}_{CE}(y, \sigma(z_s)) + \alpha T^2 \, \mathrm{KL}\left(\sigma(z_t/T) \,\|\, \sigma(z_s/T)\right)"#,
        #"W' = W + \frac{\alpha}{r} B A, \quad B \in \mathbb{R}^{d \times r}, A \in \mathbb{R}^{r \times k}"#,
        #"s_t = s_f + (s_i - s_f)\left(1 - \frac{t - t_0}{n \Delta t}\right)^3"#,
        #"\mathrm{softmax}(z)_i = \frac{\exp(z_i)}{\sum_{j=1}^{n} \exp(z_j)}"#,
        #"\sqrt{2} \cdot \sqrt{x + 1} \leq \infty, \nabla_\theta \mathcal{L}, \partial x, A \odot B \otimes C"#,
        #"\arg\min_{w} \lVert W - \hat{W} \rVert_F^2 \approx \log p \neq \max_i x_i"#,
        #"\bar{x} \tilde{y} \foo{bar} \operatorname{Attention}(Q,K,V) \text{if } x \geq 0"#,
        #"\int_0^\infty e^{-x} dx \to 1, \prod_{i} x_i, \frac12, \frac{a}{b}c, \frac{1}{2} (x), \frac{QK^\top}{\sqrt{d_k}}"#,
    ]
    for c in cases { print(texToUnicode(c)) }
    print(formatNumber(0.1+0.2), formatNumber(1.2e-5), formatNumber(12345.678), formatNumber(-0.0), formatNumber(3), formatNumber(9.99996), formatNumber(0.000123456), formatNumber(1e20), formatNumber(.nan), formatNumber(-.infinity), formatNumber(2.5), formatNumber(1/3.0, digits: 6))
    let t = Table(headers: ["기법", "MSE", "비고"], rows: [["양자화", 1.2e-5, "INT8"], ["가지치기", 0.5, "50% | 희소"], ["지식 증류", 12, "T=4"]], title: "압축 기법")
    print(t.terminal(width: 80, color: false)); print(t.markdown())
}
