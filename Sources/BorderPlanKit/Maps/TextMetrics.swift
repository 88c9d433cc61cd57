import Foundation

/// The width of a one-line label in DejaVu Sans, the maps' font, from the font's own advance
/// widths (hmtx table of DejaVu Sans 2.37, Book and Bold), with Arabic letters taking their
/// joined form (isolated, final, initial or medial) as the shaper would. Checked against
/// Chromium's `getComputedTextLength` on every label of the shipped maps: Latin within
/// −7 % … 0 % (kerning only narrows), Arabic within −6 % … +0.01 %; never a real
/// overshoot, so boxes built from it hold their text.
enum TextMetrics {
    /// Width in px of `text` set at `fontSize` px.
    static func width(of text: String, fontSize: Double, bold: Bool = false) -> Double {
        let characters = Array(text)
        var em = 0.0
        for (index, character) in characters.enumerated() {
            if let forms = (bold ? arabicBold : arabicRegular)[arabicBase(character)] {
                em += forms[arabicForm(characters, index).rawValue]
            } else {
                em += latinWidth(character, bold: bold)
            }
        }
        return em * fontSize
    }

    /// The four positional forms, in the order of the Arabic tables.
    enum ArabicForm: Int { case isolated = 0, final, initial, medial }

    /// Letters that join only to the letter before them (alef, dal, thal, ra, zay, waw, ta marbuta).
    static let rightJoining: Set<Character> = ["ا", "أ", "إ", "آ", "د", "ذ", "ر", "ز", "و", "ؤ", "ة"]
    /// Letters that join to neither side (hamza).
    static let nonJoining: Set<Character> = ["ء"]

    /// Letters the font lacks set like the nearest letter it has (Algerian gaf ڨ as qaf).
    static func arabicBase(_ character: Character) -> Character {
        character == "ڨ" ? "ق" : character
    }

    static func isArabicLetter(_ character: Character) -> Bool {
        arabicRegular[arabicBase(character)] != nil
    }

    /// Which form the letter at `index` takes: it joins a neighbour that is an Arabic letter
    /// when both sides allow it.
    static func arabicForm(_ characters: [Character], _ index: Int) -> ArabicForm {
        let letter = characters[index]
        func joinsForward(_ character: Character) -> Bool {
            isArabicLetter(character) && !rightJoining.contains(character) && !nonJoining.contains(character)
        }
        let previous = index > 0 ? characters[index - 1] : nil
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        let joinsPrevious = !nonJoining.contains(letter) && previous.map(joinsForward) == true
        let joinsNext = joinsForward(letter) && next.map { isArabicLetter($0) && !nonJoining.contains($0) } == true
        switch (joinsPrevious, joinsNext) {
        case (true, true): return .medial
        case (true, false): return .final
        case (false, true): return .initial
        case (false, false): return .isolated
        }
    }

    /// A non-Arabic character: ASCII from the table, accented Latin as its base letter,
    /// a few signs from their own table, anything else as a wide 0.7 em.
    static func latinWidth(_ character: Character, bold: Bool) -> Double {
        if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, (32...126).contains(scalar.value) {
            return (bold ? asciiBold : asciiRegular)[Int(scalar.value) - 32]
        }
        if let sign = symbols[character] { return bold ? sign.bold : sign.regular }
        let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first
        if let base, (32...126).contains(base.value) { return (bold ? asciiBold : asciiRegular)[Int(base.value) - 32] }
        return 0.7
    }

    /// Advance widths (em) of U+0020…U+007E, DejaVu Sans Book.
    static let asciiRegular: [Double] = [
        0.3179, 0.4009, 0.46, 0.8379, 0.6362, 0.9502, 0.7798, 0.2749, 0.3901, 0.3901, 0.5, 0.8379, 0.3179, 0.3608, 0.3179, 0.3369,
        0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.3369, 0.3369, 0.8379, 0.8379, 0.8379, 0.5308,
        1, 0.6841, 0.686, 0.6982, 0.77, 0.6318, 0.5752, 0.7749, 0.752, 0.2949, 0.2949, 0.6558, 0.5571, 0.8628, 0.748, 0.7871,
        0.603, 0.7871, 0.6948, 0.6348, 0.6108, 0.7319, 0.6841, 0.9888, 0.6851, 0.6108, 0.6851, 0.3901, 0.3369, 0.3901, 0.8379, 0.5,
        0.5, 0.6128, 0.6348, 0.5498, 0.6348, 0.6152, 0.3521, 0.6348, 0.6338, 0.2778, 0.2778, 0.5791, 0.2778, 0.9741, 0.6338, 0.6118,
        0.6348, 0.6348, 0.4111, 0.521, 0.3921, 0.6338, 0.5918, 0.8179, 0.5918, 0.5918, 0.5249, 0.6362, 0.3369, 0.6362, 0.8379,
    ]
    /// Advance widths (em) of U+0020…U+007E, DejaVu Sans Bold.
    static let asciiBold: [Double] = [
        0.3481, 0.4561, 0.521, 0.8379, 0.6958, 1.002, 0.8721, 0.3062, 0.457, 0.457, 0.5229, 0.8379, 0.3799, 0.415, 0.3799, 0.3652,
        0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.3999, 0.3999, 0.8379, 0.8379, 0.8379, 0.5801,
        1, 0.7739, 0.7622, 0.7339, 0.8301, 0.6831, 0.6831, 0.8208, 0.8369, 0.3721, 0.3721, 0.7749, 0.6372, 0.9951, 0.8369, 0.8501,
        0.7329, 0.8501, 0.77, 0.7202, 0.6821, 0.812, 0.7739, 1.103, 0.771, 0.7241, 0.7251, 0.457, 0.3652, 0.457, 0.8379, 0.5,
        0.5, 0.6748, 0.7158, 0.5928, 0.7158, 0.6782, 0.4351, 0.7158, 0.7119, 0.3428, 0.3428, 0.665, 0.3428, 1.042, 0.7119, 0.687,
        0.7158, 0.7158, 0.4932, 0.5952, 0.478, 0.7119, 0.6519, 0.9238, 0.645, 0.6519, 0.582, 0.7119, 0.3652, 0.7119, 0.8379,
    ]
    /// Punctuation and signs outside ASCII the maps use: (regular, bold) em.
    static let symbols: [Character: (regular: Double, bold: Double)] = [
        "\u{00A0}": (0.3179, 0.3481), "\u{202F}": (0.1997, 0.1997), "٪": (0.5371, 0.6104), "،": (0.3228, 0.3799), "–": (0.5, 0.5), "—": (1, 1), "°": (0.5, 0.5), "²": (0.4009, 0.438), "’": (0.3179, 0.3799), "·": (0.3179, 0.3799), "×": (0.8379, 0.8379), "ʼ": (0.3179, 0.3799),
    ]
    /// Arabic letters: (isolated, final, initial, medial) em, DejaVu Sans Book presentation forms.
    static let arabicRegular: [Character: [Double]] = [
        "ء": [0.4702, 0.4702, 0.4702, 0.4702],
        "آ": [0.2778, 0.3047, 0.2778, 0.2778],
        "أ": [0.2778, 0.3047, 0.2778, 0.2778],
        "ؤ": [0.4829, 0.5166, 0.4829, 0.4829],
        "إ": [0.2778, 0.3047, 0.2778, 0.2778],
        "ئ": [0.7827, 0.8335, 0.2783, 0.3018],
        "ا": [0.2778, 0.3047, 0.2778, 0.2778],
        "ب": [0.9414, 0.9819, 0.2783, 0.3018],
        "ة": [0.5239, 0.5361, 0.5239, 0.5239],
        "ت": [0.9414, 0.9819, 0.2783, 0.3018],
        "ث": [0.9414, 0.9819, 0.2783, 0.3018],
        "ج": [0.6455, 0.6455, 0.6182, 0.6455],
        "ح": [0.6455, 0.6455, 0.6182, 0.6455],
        "خ": [0.6455, 0.6455, 0.6182, 0.6455],
        "د": [0.4453, 0.5249, 0.4453, 0.4453],
        "ذ": [0.4453, 0.5249, 0.4453, 0.4453],
        "ر": [0.4829, 0.5518, 0.4829, 0.4829],
        "ز": [0.4829, 0.5518, 0.4829, 0.4829],
        "س": [1.2207, 1.2749, 0.8379, 0.8921],
        "ش": [1.2207, 1.2749, 0.8379, 0.8921],
        "ص": [1.209, 1.2251, 0.8491, 0.8672],
        "ض": [1.209, 1.2251, 0.8491, 0.8672],
        "ط": [0.9248, 0.9492, 0.7959, 0.8203],
        "ظ": [0.9248, 0.9492, 0.7959, 0.8203],
        "ع": [0.5967, 0.5322, 0.5967, 0.4824],
        "غ": [0.5967, 0.5322, 0.5229, 0.4824],
        "ف": [1.0366, 1.0352, 0.478, 0.5059],
        "ق": [0.7759, 0.834, 0.478, 0.5059],
        "ك": [0.8242, 0.8428, 0.4761, 0.5522],
        "ل": [0.7266, 0.7573, 0.3047, 0.3311],
        "م": [0.6191, 0.6655, 0.5356, 0.5781],
        "ن": [0.7344, 0.7612, 0.2783, 0.3018],
        "ه": [0.5239, 0.5361, 0.5273, 0.4609],
        "و": [0.4829, 0.5166, 0.4829, 0.4829],
        "ى": [0.7827, 0.8335, 0.7827, 0.7827],
        "ي": [0.7827, 0.8335, 0.2783, 0.3018],
    ]
    /// Arabic letters: (isolated, final, initial, medial) em, DejaVu Sans Bold presentation forms.
    static let arabicBold: [Character: [Double]] = [
        "ء": [0.5112, 0.5112, 0.5112, 0.5112],
        "آ": [0.3428, 0.3755, 0.3428, 0.3428],
        "أ": [0.3428, 0.3755, 0.3428, 0.3428],
        "ؤ": [0.6216, 0.627, 0.6216, 0.6216],
        "إ": [0.3428, 0.3755, 0.3428, 0.3428],
        "ئ": [0.9165, 0.9165, 0.3755, 0.4082],
        "ا": [0.3428, 0.3755, 0.3428, 0.3428],
        "ب": [1.0049, 1.0586, 0.3755, 0.4082],
        "ة": [0.5903, 0.6064, 0.5903, 0.5903],
        "ت": [1.0049, 1.0586, 0.3755, 0.4082],
        "ث": [1.0049, 1.0586, 0.3755, 0.4082],
        "ج": [0.7207, 0.7207, 0.7207, 0.7207],
        "ح": [0.7207, 0.7207, 0.7207, 0.7207],
        "خ": [0.7207, 0.7207, 0.7207, 0.7207],
        "د": [0.5132, 0.5776, 0.5132, 0.5132],
        "ذ": [0.5132, 0.5776, 0.5132, 0.5132],
        "ر": [0.5757, 0.6221, 0.5757, 0.5757],
        "ز": [0.5757, 0.6221, 0.5757, 0.5757],
        "س": [1.3799, 1.4136, 0.9834, 1.0176],
        "ش": [1.3799, 1.4136, 0.9834, 1.0176],
        "ص": [1.3452, 1.3643, 0.9663, 0.9854],
        "ض": [1.3452, 1.3643, 0.9663, 0.9854],
        "ط": [1.0386, 1.0708, 0.9419, 0.9741],
        "ظ": [1.0386, 1.0708, 0.9419, 0.9741],
        "ع": [0.6831, 0.6831, 0.6831, 0.5645],
        "غ": [0.6831, 0.6831, 0.6831, 0.5645],
        "ف": [1.1616, 1.1909, 0.6548, 0.7197],
        "ق": [0.894, 0.9014, 0.6548, 0.7197],
        "ك": [0.9165, 0.9312, 0.5815, 0.5815],
        "ل": [0.8677, 0.8926, 0.3755, 0.4082],
        "م": [0.7329, 0.7842, 0.6191, 0.6704],
        "ن": [0.8535, 0.8999, 0.3755, 0.4082],
        "ه": [0.5903, 0.6064, 0.6934, 0.6602],
        "و": [0.6216, 0.627, 0.6216, 0.6216],
        "ى": [0.9165, 1.0117, 0.9165, 0.9165],
        "ي": [0.9165, 1.0117, 0.3755, 0.4082],
    ]
}
