//! Dimensions as exponents of base units, so compound units ("kg/cm³", "km/h") get a
//! dimension name and an SI unit without a table entry of their own.

/// Exponents of m, kg, s, K, A, mol, cd, B (byte), rad.
pub(crate) type Exponents = [i8; 9];

const BASE_SYMBOLS: [&str; 9] = ["m", "kg", "s", "K", "A", "mol", "cd", "B", "rad"];

/// Named dimensions: the name the unit table uses, its exponents and its SI unit as
/// people write it.
const NAMED: &[(&str, Exponents, &str)] = &[
    ("length", [1, 0, 0, 0, 0, 0, 0, 0, 0], "m"),
    ("mass", [0, 1, 0, 0, 0, 0, 0, 0, 0], "kg"),
    ("duration", [0, 0, 1, 0, 0, 0, 0, 0, 0], "s"),
    ("temperature", [0, 0, 0, 1, 0, 0, 0, 0, 0], "K"),
    ("electric-current", [0, 0, 0, 0, 1, 0, 0, 0, 0], "A"),
    ("amount-of-substance", [0, 0, 0, 0, 0, 1, 0, 0, 0], "mol"),
    ("luminous-intensity", [0, 0, 0, 0, 0, 0, 1, 0, 0], "cd"),
    ("information", [0, 0, 0, 0, 0, 0, 0, 1, 0], "B"),
    ("angle", [0, 0, 0, 0, 0, 0, 0, 0, 1], "rad"),
    ("area", [2, 0, 0, 0, 0, 0, 0, 0, 0], "m²"),
    ("volume", [3, 0, 0, 0, 0, 0, 0, 0, 0], "m³"),
    ("speed", [1, 0, -1, 0, 0, 0, 0, 0, 0], "m/s"),
    ("acceleration", [1, 0, -2, 0, 0, 0, 0, 0, 0], "m/s²"),
    ("frequency", [0, 0, -1, 0, 0, 0, 0, 0, 0], "Hz"),
    ("force", [1, 1, -2, 0, 0, 0, 0, 0, 0], "N"),
    ("pressure", [-1, 1, -2, 0, 0, 0, 0, 0, 0], "Pa"),
    ("energy", [2, 1, -2, 0, 0, 0, 0, 0, 0], "J"),
    ("torque", [2, 1, -2, 0, 0, 0, 0, 0, 1], "N·m"),
    ("power", [2, 1, -3, 0, 0, 0, 0, 0, 0], "W"),
    ("charge", [0, 0, 1, 0, 1, 0, 0, 0, 0], "C"),
    ("voltage", [2, 1, -3, 0, -1, 0, 0, 0, 0], "V"),
    ("resistance", [2, 1, -3, 0, -2, 0, 0, 0, 0], "Ω"),
    ("density", [-3, 1, 0, 0, 0, 0, 0, 0, 0], "kg/m³"),
    ("volume-flow", [3, 0, -1, 0, 0, 0, 0, 0, 0], "m³/s"),
    ("mass-flow", [0, 1, -1, 0, 0, 0, 0, 0, 0], "kg/s"),
    ("data-rate", [0, 0, -1, 0, 0, 0, 0, 1, 0], "B/s"),
    ("consumption", [2, 0, 0, 0, 0, 0, 0, 0, 0], "m³/m"),
    ("luminous-flux", [0, 0, 0, 0, 0, 0, 1, 0, 0], "lm"),
    ("illuminance", [-2, 0, 0, 0, 0, 0, 1, 0, 0], "lx"),
    ("concentration", [0; 9], "1"),
    ("level", [0; 9], ""),
];

/// The exponents of a named dimension, or `None` for a name the table does not know.
pub(crate) fn exponents(name: &str) -> Option<Exponents> {
    NAMED.iter().find(|(n, ..)| *n == name).map(|(_, e, _)| *e)
}

/// The SI unit written for a named dimension.
pub(crate) fn si_unit(name: &str) -> Option<&'static str> {
    NAMED.iter().find(|(n, ..)| *n == name).map(|(.., u)| *u)
}

/// `a * b^power`, exponent by exponent.
pub(crate) fn combine(a: Exponents, b: Exponents, power: i8) -> Exponents {
    let mut out = a;
    for (o, e) in out.iter_mut().zip(b) {
        *o = o.saturating_add(e.saturating_mul(power));
    }
    out
}

/// The name and SI unit of a compound's exponents: a named dimension when one has
/// them (the first listed wins, so "consumption" never names an area), else `derived`
/// with the unit spelled from the base symbols ("kg·m/s³").
pub(crate) fn describe(e: Exponents) -> (String, String) {
    if e == [0; 9] {
        return ("ratio".to_string(), "1".to_string());
    }
    if let Some((name, _, unit)) = NAMED.iter().find(|(_, x, _)| *x == e) {
        return (name.to_string(), unit.to_string());
    }
    let mut num = Vec::new();
    let mut den = Vec::new();
    for (sym, &p) in BASE_SYMBOLS.iter().zip(e.iter()) {
        let part = |p: i8| match p {
            1 => sym.to_string(),
            2 => format!("{sym}²"),
            3 => format!("{sym}³"),
            p => format!("{sym}^{p}"),
        };
        if p > 0 {
            num.push(part(p));
        } else if p < 0 {
            den.push(part(-p));
        }
    }
    let num = if num.is_empty() {
        "1".to_string()
    } else {
        num.join("·")
    };
    let unit = if den.is_empty() {
        num
    } else {
        format!("{num}/{}", den.join("·"))
    };
    ("derived".to_string(), unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_dimensions_get_names() {
        let length = exponents("length").unwrap();
        let duration = exponents("duration").unwrap();
        let mass = exponents("mass").unwrap();
        assert_eq!(describe(combine(length, duration, -1)).0, "speed");
        assert_eq!(describe(combine(length, duration, -2)).1, "m/s²");
        assert_eq!(describe(combine(mass, length, -3)).0, "density");
        assert_eq!(
            describe(combine(mass, duration, -3)),
            ("derived".to_string(), "kg/s³".to_string())
        );
    }
}
