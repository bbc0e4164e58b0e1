import Foundation

/// LAMMPS data files for elastic networks: atoms and harmonic bonds (LAMMPS `read_data`
/// format, atom style `bond` or `molecular`, bond style `harmonic`).
///
/// - Header: the first line is a title; then `N atoms`, `M bonds`, `T atom types`,
///   `B bond types`, `lo hi xlo xhi` (and y, z); other counts (angles, …) must be zero.
/// - Sections `Masses` (ignored), `Atoms` (`id molecule type x y z [ix iy iz]`), `Bond Coeffs`
///   (`type K r0`) and `Bonds` (`id type atom1 atom2`); `Velocities` is skipped.
/// - LAMMPS's harmonic bond energy is `K (r − r0)²`, so the stiffness is `k = 2K` and the rest
///   length `ℓ = r0`.
/// - Atoms of type 2 are pinned, all others free. The network is 2-D when every atom has the
///   same z (the atoms' z extent is zero).
/// - Nodes are named by atom id, bonds `b<id>`.
///
/// Errors carry the file, line and column (`net.data:12:7: …`).
public enum LAMMPSData {
    /// Reads the data file at `path`.
    public static func read(path: String) throws(DatasetError) -> ElasticNetwork {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let data: Data
        switch DataFile.contents(atPath: path) {
        case .success(let contents): data = contents
        case .failure(let failure): throw DatasetError(failure.reason, at: start)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw DatasetError("file is not valid UTF-8", at: start) }
        return try parse(text, path: path)
    }

    /// A word of a line with its 1-based column.
    struct Word {
        var text: String
        var column: Int
    }

    /// Parses data-file text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(DatasetError) -> ElasticNetwork {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func location(_ line: Int, _ column: Int = 1) -> SourceLocation {
            SourceLocation(file: path, line: line + 1, column: column)
        }
        func words(_ line: Int) -> [Word] {
            var content = lines[line]
            if let hash = content.firstIndex(of: "#") { content = String(content[..<hash]) }
            var result: [Word] = [], current = "", column = 0, startColumn = 0
            for character in content {
                column += 1
                if character == " " || character == "\t" || character == "\r" {
                    if !current.isEmpty { result.append(Word(text: current, column: startColumn)) }
                    current = ""
                } else {
                    if current.isEmpty { startColumn = column }
                    current.append(character)
                }
            }
            if !current.isEmpty { result.append(Word(text: current, column: startColumn)) }
            return result
        }
        func number(_ word: Word, _ line: Int, _ what: String) throws(DatasetError) -> Double {
            guard let value = Double(word.text), value.isFinite else {
                throw DatasetError("expected \(what), got '\(word.text)'", at: location(line, word.column))
            }
            return value
        }
        func integer(_ word: Word, _ line: Int, _ what: String) throws(DatasetError) -> Int {
            guard let value = Int(word.text) else {
                throw DatasetError("expected \(what) (an integer), got '\(word.text)'", at: location(line, word.column))
            }
            return value
        }

        // Header: counts and box, up to the first section keyword.
        var counts: [String: Int] = [:]
        var line = 1
        let sections: Set<String> = ["Masses", "Atoms", "Bonds", "Bond Coeffs", "Velocities"]
        func sectionName(_ line: Int) -> String? {
            let name = words(line).map(\.text).joined(separator: " ")
            return sections.contains(name) ? name : nil
        }
        while line < lines.count {
            let w = words(line)
            if w.isEmpty { line += 1; continue }
            if sectionName(line) != nil { break }
            if w.count >= 4, ["xlo", "ylo", "zlo"].contains(w[2].text) {
                _ = try number(w[0], line, "a box bound")
                _ = try number(w[1], line, "a box bound")
            } else if w.count == 3, ["xy", "xz", "yz"].contains(w.last!.text) || w[1].text == "xy" {
                throw DatasetError("triclinic boxes are not supported", at: location(line, w[0].column))
            } else {
                let count = try integer(w[0], line, "a count")
                let key = w.dropFirst().map(\.text).joined(separator: " ")
                guard ["atoms", "bonds", "atom types", "bond types"].contains(key) else {
                    if count == 0 { line += 1; continue }
                    throw DatasetError("'\(key)' is not supported (an elastic network has atoms and harmonic bonds only)",
                                       at: location(line, w[1].column))
                }
                counts[key] = count
            }
            line += 1
        }
        let atomCount = counts["atoms"] ?? 0, bondCount = counts["bonds"] ?? 0
        guard atomCount > 0 else { throw DatasetError("the header declares no atoms ('N atoms')", at: location(0)) }

        // Sections.
        var atoms: [(id: Int, type: Int, position: SIMD3<Double>, line: Int)] = []
        var coefficients: [Int: (k: Double, l: Double)] = [:]
        var bondRows: [(id: Int, type: Int, a: Int, b: Int, line: Int, columns: [Int])] = []
        while line < lines.count {
            guard let name = sectionName(line) else {
                if words(line).isEmpty { line += 1; continue }
                throw DatasetError("expected a section (Masses, Atoms, Bond Coeffs, Bonds), got '\(words(line).map(\.text).joined(separator: " "))'",
                                   at: location(line, words(line)[0].column))
            }
            if name == "Atoms", let hash = lines[line].firstIndex(of: "#") {
                let style = lines[line][lines[line].index(after: hash)...].trimmingCharacters(in: .whitespaces)
                guard style.isEmpty || style == "bond" || style == "molecular" else {
                    throw DatasetError("atom style '\(style)' is not supported (use bond or molecular)", at: location(line))
                }
            }
            let expected: Int
            switch name {
            case "Atoms", "Velocities": expected = atomCount
            case "Bonds": expected = bondCount
            case "Bond Coeffs": expected = counts["bond types"] ?? 0
            default: expected = counts["atom types"] ?? 0
            }
            let header = line
            line += 1
            var read = 0
            while read < expected {
                guard line < lines.count else {
                    throw DatasetError("section '\(name)' ends after \(read) of \(expected) lines", at: location(header))
                }
                let w = words(line)
                if w.isEmpty { line += 1; continue }
                switch name {
                case "Atoms":
                    guard w.count == 6 || w.count == 9 else {
                        throw DatasetError("an atom line is 'id molecule type x y z [ix iy iz]', got \(w.count) fields",
                                           at: location(line, w[0].column))
                    }
                    atoms.append((try integer(w[0], line, "an atom id"), try integer(w[2], line, "an atom type"),
                                  SIMD3(try number(w[3], line, "x"), try number(w[4], line, "y"), try number(w[5], line, "z")),
                                  line))
                case "Bond Coeffs":
                    guard w.count == 3 else {
                        throw DatasetError("a harmonic bond coefficient line is 'type K r0', got \(w.count) fields",
                                           at: location(line, w[0].column))
                    }
                    let k = try number(w[1], line, "K"), r0 = try number(w[2], line, "r0")
                    guard k >= 0, r0 >= 0 else {
                        throw DatasetError("K and r0 must be non-negative", at: location(line, w[1].column))
                    }
                    coefficients[try integer(w[0], line, "a bond type")] = (2 * k, r0)
                case "Bonds":
                    guard w.count == 4 else {
                        throw DatasetError("a bond line is 'id type atom1 atom2', got \(w.count) fields", at: location(line, w[0].column))
                    }
                    bondRows.append((try integer(w[0], line, "a bond id"), try integer(w[1], line, "a bond type"),
                                     try integer(w[2], line, "an atom id"), try integer(w[3], line, "an atom id"), line,
                                     w.map(\.column)))
                default:
                    break
                }
                read += 1
                line += 1
            }
        }
        guard atoms.count == atomCount else {
            throw DatasetError("the header declares \(atomCount) atoms but there is no Atoms section", at: location(0))
        }

        var nodeIndex: [Int: Int] = [:]
        for (i, atom) in atoms.enumerated() {
            guard nodeIndex[atom.id] == nil else { throw DatasetError("atom \(atom.id) is listed twice", at: location(atom.line)) }
            nodeIndex[atom.id] = i
        }
        let nodes = atoms.map { ElasticNetwork.Node(name: "\($0.id)", position: $0.position, pinned: $0.type == 2) }
        var bonds: [ElasticNetwork.Bond] = []
        for row in bondRows {
            guard let coefficient = coefficients[row.type] else {
                throw DatasetError("bond type \(row.type) has no 'Bond Coeffs' line", at: location(row.line, row.columns[1]))
            }
            guard let a = nodeIndex[row.a] else { throw DatasetError("no atom \(row.a)", at: location(row.line, row.columns[2])) }
            guard let b = nodeIndex[row.b] else { throw DatasetError("no atom \(row.b)", at: location(row.line, row.columns[3])) }
            guard a != b else { throw DatasetError("bond \(row.id) joins atom \(row.a) to itself", at: location(row.line, row.columns[2])) }
            bonds.append(ElasticNetwork.Bond(name: "b\(row.id)", a: a, b: b, stiffness: coefficient.k, restLength: coefficient.l))
        }
        let z = atoms[0].position.z
        let flat = atoms.allSatisfy { $0.position.z == z }
        return ElasticNetwork(dimension: flat ? 2 : 3, nodes: nodes, bonds: bonds)
    }

    /// The network as a data file LAMMPS reads (`atom_style bond`, `bond_style harmonic`),
    /// every bond its own bond type (so each keeps its K = k/2 and r0 = ℓ), pinned nodes as
    /// atom type 2, positions from `positions` (the nodes' own when nil); atom ids are node
    /// index + 1. The box holds every node with a margin of 1.
    public static func write(_ network: ElasticNetwork, positions: [SIMD3<Double>]? = nil) -> String {
        let points = positions ?? network.nodes.map(\.position)
        func f(_ x: Double) -> String { "\(x)" }
        var text = "nudge elastic network (\(network.dimension)-D): \(network.nodes.count) nodes, \(network.bonds.count) bonds\n\n"
        text += "\(network.nodes.count) atoms\n\(network.bonds.count) bonds\n2 atom types\n\(network.bonds.count) bond types\n\n"
        for (axis, label) in ["x", "y", "z"].enumerated() {
            let values = points.map { $0[axis] }
            if network.dimension == 2 && axis == 2 {
                text += "-0.5 0.5 zlo zhi\n"
            } else {
                text += "\(f((values.min() ?? 0) - 1)) \(f((values.max() ?? 0) + 1)) \(label)lo \(label)hi\n"
            }
        }
        text += "\nMasses\n\n1 1\n2 1\n\nAtoms # bond\n\n"
        for (i, node) in network.nodes.enumerated() {
            let p = points[i]
            text += "\(i + 1) 1 \(node.pinned ? 2 : 1) \(f(p.x)) \(f(p.y)) \(f(network.dimension == 2 ? 0 : p.z))\n"
        }
        text += "\nBond Coeffs # harmonic\n\n"
        for (e, bond) in network.bonds.enumerated() { text += "\(e + 1) \(f(bond.stiffness / 2)) \(f(bond.restLength))\n" }
        text += "\nBonds\n\n"
        for (e, bond) in network.bonds.enumerated() { text += "\(e + 1) \(e + 1) \(bond.a + 1) \(bond.b + 1)\n" }
        return text
    }
}
