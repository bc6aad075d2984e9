// Lookup tables for the TeX → Unicode approximation used by `Equation` in a terminal.

enum TexSymbols {
    /// Control words that stand for a single symbol.
    static let symbols: [String: String] = [
        // Greek, lower case
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
        "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
        "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        // Greek, upper case
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        // Big operators
        "sum": "Σ", "prod": "Π", "coprod": "∐", "int": "∫", "iint": "∬", "oint": "∮",
        "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
        // Binary operators
        "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "odot": "⊙",
        "otimes": "⊗", "oplus": "⊕", "circ": "∘", "ast": "∗", "star": "⋆", "cup": "∪",
        "cap": "∩", "setminus": "∖", "wedge": "∧", "vee": "∨", "land": "∧", "lor": "∨",
        "bullet": "•",
        // Relations
        "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈",
        "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
        "supseteq": "⊇", "coloneqq": "≔", "triangleq": "≜", "mid": "|", "parallel": "∥",
        "perp": "⊥",
        // Arrows
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
        "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹",
        "iff": "⟺", "mapsto": "↦", "uparrow": "↑", "downarrow": "↓", "longrightarrow": "⟶",
        // Miscellaneous
        "infty": "∞", "partial": "∂", "nabla": "∇", "forall": "∀", "exists": "∃", "neg": "¬",
        "lnot": "¬", "emptyset": "∅", "varnothing": "∅", "top": "⊤", "bot": "⊥", "ell": "ℓ",
        "hbar": "ℏ", "prime": "′", "dagger": "†", "intercal": "⊺", "ldots": "…", "dots": "…",
        "cdots": "⋯", "vdots": "⋮", "ddots": "⋱", "angle": "∠", "checkmark": "✓",
        // Delimiters
        "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
        "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "lvert": "|", "rvert": "|", "vert": "|",
        "{": "{", "}": "}", "lbrace": "{", "rbrace": "}",
        // Escaped characters
        "%": "%", "_": "_", "&": "&", "#": "#", "$": "$",
        // Spacing: \quad is an em space, \, \: \; are thin to thick spaces, \! is negative.
        "quad": "  ", "qquad": "    ", ",": " ", ":": " ", ";": " ", " ": " ", "!": "",
        // Line break inside aligned environments.
        "\\": "\n",
    ]

    /// Upright operator names, printed as words.
    static let operatorNames: Set<String> = [
        "log", "ln", "lg", "exp", "min", "max", "arg", "argmin", "argmax", "sup", "inf", "lim",
        "liminf", "limsup", "sin", "cos", "tan", "sinh", "cosh", "tanh", "det", "dim", "ker", "Pr",
        "deg", "gcd", "mod", "bmod", "sgn", "tr", "rank", "diag",
    ]

    /// Commands that only change size or style and are dropped.
    static let ignored: Set<String> = [
        "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "big", "Big", "bigg",
        "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "middle",
        "nonumber", "notag",
    ]

    /// Commands whose single argument is shown as its content (style only).
    static let styleWrappers: Set<String> = [
        "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "boldsymbol", "bm", "operatorname",
        "mathnormal", "textbf", "textit", "emph",
    ]

    /// Commands whose argument is literal text (spaces kept, no math parsing).
    static let textCommands: Set<String> = ["text", "textrm", "mbox", "textnormal", "texttt"]

    /// Combining accents: command → combining character.
    static let accents: [String: Character] = [
        "hat": "\u{0302}", "widehat": "\u{0302}", "tilde": "\u{0303}", "widetilde": "\u{0303}",
        "bar": "\u{0304}", "overline": "\u{0305}", "dot": "\u{0307}", "ddot": "\u{0308}",
        "vec": "\u{20D7}", "check": "\u{030C}", "breve": "\u{0306}", "acute": "\u{0301}",
        "grave": "\u{0300}",
    ]

    /// Blackboard bold capitals (\mathbb).
    static let blackboard: [Character: String] = [
        "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "R": "ℝ", "C": "ℂ", "P": "ℙ", "H": "ℍ", "E": "𝔼", "1": "𝟙",
        "A": "𝔸", "B": "𝔹", "D": "𝔻", "F": "𝔽", "G": "𝔾", "I": "𝕀", "J": "𝕁", "K": "𝕂", "L": "𝕃",
        "M": "𝕄", "O": "𝕆", "S": "𝕊", "T": "𝕋", "U": "𝕌", "V": "𝕍", "W": "𝕎", "X": "𝕏", "Y": "𝕐",
    ]

    /// Script capitals (\mathcal, \mathscr).
    static let calligraphic: [Character: String] = [
        "A": "𝒜", "B": "ℬ", "C": "𝒞", "D": "𝒟", "E": "ℰ", "F": "ℱ", "G": "𝒢", "H": "ℋ", "I": "ℐ",
        "J": "𝒥", "K": "𝒦", "L": "ℒ", "M": "ℳ", "N": "𝒩", "O": "𝒪", "P": "𝒫", "Q": "𝒬", "R": "ℛ",
        "S": "𝒮", "T": "𝒯", "U": "𝒰", "V": "𝒱", "W": "𝒲", "X": "𝒳", "Y": "𝒴", "Z": "𝒵",
    ]

    /// Unicode superscripts (only characters that have one).
    static let superscripts: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
        "9": "⁹", "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
        "a": "ᵃ", "b": "ᵇ", "c": "ᶜ", "d": "ᵈ", "e": "ᵉ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "i": "ⁱ",
        "j": "ʲ", "k": "ᵏ", "l": "ˡ", "m": "ᵐ", "n": "ⁿ", "o": "ᵒ", "p": "ᵖ", "r": "ʳ", "s": "ˢ",
        "t": "ᵗ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "x": "ˣ", "y": "ʸ", "z": "ᶻ",
        "A": "ᴬ", "B": "ᴮ", "D": "ᴰ", "E": "ᴱ", "G": "ᴳ", "H": "ᴴ", "I": "ᴵ", "J": "ᴶ", "K": "ᴷ",
        "L": "ᴸ", "M": "ᴹ", "N": "ᴺ", "O": "ᴼ", "P": "ᴾ", "R": "ᴿ", "T": "ᵀ", "U": "ᵁ", "V": "ⱽ",
        "W": "ᵂ", "β": "ᵝ", "γ": "ᵞ", "δ": "ᵟ", "θ": "ᶿ", "φ": "ᵠ", "ϕ": "ᵠ", "χ": "ᵡ",
        "⊤": "ᵀ", "⊺": "ᵀ", "*": "*", "∗": "*", "′": "′",
    ]

    /// Unicode subscripts (only characters that have one).
    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
        "9": "₉", "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎",
        "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ",
        "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
        "β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "ϕ": "ᵩ", "χ": "ᵪ",
    ]
}
