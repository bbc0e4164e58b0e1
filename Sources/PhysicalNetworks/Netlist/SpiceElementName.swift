/// The naming scheme that lets hierarchical element names round-trip through flat SPICE.
///
/// SPICE decides an element's type from the first letter of its name, so a flattened name
/// like `x1.r1` cannot be written as is (it would be an `X` card). The scheme is ngspice's own:
/// a flattened element is written `<letter>.<hierarchical name>`, e.g. `r.x1.r1`, `v.x1.x2.vin`.
/// Reading it back, a name `<letter>.<rest>` where `rest` contains a dot and the last
/// component of `rest` starts with `<letter>` is the hierarchical name `rest`. Any other
/// name is kept as is.
enum SpiceElementName {
    /// The netlist (hierarchical) name of an element card named `spiceName` (lower-case).
    static func netlistName(fromSpice spiceName: String) -> String {
        let chars = Array(spiceName)
        guard chars.count > 2, chars[1] == "." else { return spiceName }
        let rest = String(chars[2...])
        guard rest.contains("."),
              let last = rest.split(separator: ".").last, last.first == chars[0] else {
            return spiceName
        }
        return rest
    }

    /// The card name to write for element `name` whose SPICE type letter is `letter`.
    static func spiceName(for name: String, letter: Character) -> String {
        if name.first == letter, netlistName(fromSpice: name) == name { return name }
        return "\(letter).\(name)"
    }
}
