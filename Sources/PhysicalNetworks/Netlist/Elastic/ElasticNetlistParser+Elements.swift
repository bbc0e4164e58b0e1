extension ElasticNetlistParser {
    /// Reads `node`, `bond` and `sensor` cards, checking names and references as it goes.
    struct ElementReader {
        let dimension: Int
        var nodes: [ElasticNetwork.Node] = []
        var bonds: [ElasticNetwork.Bond] = []
        var sensors: [ElasticNetlist.Sensor] = []
        var nodeIndex: [String: Int] = [:]
        /// Bonds and sensors share one namespace (outputs and roles name them).
        var elementNames: Set<String> = []
        /// Where each node was declared, for the unheld-node error.
        var nodeLocations: [SourceLocation] = []

        init(dimension: Int) { self.dimension = dimension }

        /// `node NAME X Y [Z] [pinned]`.
        mutating func readNode(_ card: NetlistCard) throws(NetlistError) {
            var tokens = Array(card.tokens.dropFirst())
            var pinned = false
            if let last = tokens.last, last.isWord("pinned") {
                pinned = true
                tokens.removeLast()
            }
            guard let nameToken = tokens.first else {
                throw NetlistError("'node' needs a name and \(dimension) coordinates", at: card.location)
            }
            let name = try ElasticNetlistParser.name(nameToken, "a node name")
            let coordinates = tokens.dropFirst()
            guard coordinates.count == dimension else {
                let expected = dimension == 2 ? "X Y" : "X Y Z"
                let hint = dimension == 2 && coordinates.count == 3 && SpiceNumber.parse(coordinates.last!.text) != nil
                    ? " (a 3-D network needs '.dimension 3')" : ""
                let at = coordinates.count > dimension ? coordinates[coordinates.startIndex + dimension].location : nameToken.location
                throw NetlistError("node '\(nameToken.original)' takes \(expected)\(hint), got \(coordinates.count) value\(coordinates.count == 1 ? "" : "s")", at: at)
            }
            var position = SIMD3<Double>.zero
            for (axis, token) in coordinates.enumerated() {
                position[axis] = try ElasticNetlistParser.number(token, "a coordinate (m)")
            }
            guard nodeIndex[name] == nil else {
                throw NetlistError("node '\(nameToken.original)' declared twice", at: nameToken.location)
            }
            nodeIndex[name] = nodes.count
            nodes.append(ElasticNetwork.Node(name: name, position: position, pinned: pinned))
            nodeLocations.append(card.location)
        }

        /// `bond NAME A B K [L]`.
        mutating func readBond(_ card: NetlistCard) throws(NetlistError) {
            let tokens = card.tokens
            guard tokens.count == 5 || tokens.count == 6 else {
                throw NetlistError("'bond' takes NAME A B K [L], got \(tokens.count - 1) value\(tokens.count == 2 ? "" : "s")",
                                   at: card.location)
            }
            let name = try elementName(tokens[1])
            let (a, b) = try pair(tokens[2], tokens[3], of: tokens[1])
            let stiffness = try ElasticNetlistParser.number(tokens[4], "a stiffness K (N/m)")
            guard stiffness >= 0 else {
                throw NetlistError("stiffness must not be negative, got \(tokens[4].original)", at: tokens[4].location)
            }
            var restLength = distance(a, b)
            if tokens.count == 6 {
                restLength = try ElasticNetlistParser.number(tokens[5], "a rest length L (m)")
                guard restLength >= 0 else {
                    throw NetlistError("rest length must not be negative, got \(tokens[5].original)", at: tokens[5].location)
                }
            }
            bonds.append(ElasticNetwork.Bond(name: name, a: a, b: b, stiffness: stiffness, restLength: restLength))
        }

        /// `sensor NAME A B`.
        mutating func readSensor(_ card: NetlistCard) throws(NetlistError) {
            let tokens = card.tokens
            guard tokens.count == 4 else {
                throw NetlistError("'sensor' takes NAME A B, got \(tokens.count - 1) value\(tokens.count == 2 ? "" : "s")", at: card.location)
            }
            let name = try elementName(tokens[1])
            let (a, b) = try pair(tokens[2], tokens[3], of: tokens[1])
            sensors.append(ElasticNetlist.Sensor(name: name, a: a, b: b))
        }

        /// A free node with no bond has no restoring force (a zero mode).
        func checkEveryFreeNodeIsHeld(file: String) throws(NetlistError) {
            var held = nodes.map(\.pinned)
            for bond in bonds { held[bond.a] = true; held[bond.b] = true }
            if let loose = held.firstIndex(of: false) {
                throw NetlistError("node '\(nodes[loose].name)' is free but no bond holds it (pin it or bond it)",
                                   at: nodeLocations[loose])
            }
            guard nodes.contains(where: { !$0.pinned }) else {
                throw NetlistError("every node is pinned (nothing can move)", at: nodeLocations[0])
            }
        }

        private mutating func elementName(_ token: NetlistToken) throws(NetlistError) -> String {
            let name = try ElasticNetlistParser.name(token, "a name")
            guard elementNames.insert(name).inserted else {
                throw NetlistError("'\(token.original)' declared twice", at: token.location)
            }
            return name
        }

        /// Two distinct declared nodes at distinct positions.
        private func pair(_ first: NetlistToken, _ second: NetlistToken, of element: NetlistToken) throws(NetlistError) -> (Int, Int) {
            func node(_ token: NetlistToken) throws(NetlistError) -> Int {
                guard let index = nodeIndex[token.text] else {
                    throw NetlistError("unknown node '\(token.original)'", at: token.location)
                }
                return index
            }
            let a = try node(first), b = try node(second)
            guard a != b else {
                throw NetlistError("'\(element.original)' joins node '\(first.original)' to itself", at: second.location)
            }
            guard distance(a, b) > 0 else {
                throw NetlistError("'\(element.original)' joins two nodes at the same position (its direction is undefined)",
                                   at: element.location)
            }
            return (a, b)
        }

        private func distance(_ a: Int, _ b: Int) -> Double {
            let d = nodes[a].position - nodes[b].position
            return (d * d).sum().squareRoot()
        }
    }
}
