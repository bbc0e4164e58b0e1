extension NetlistTopologyCheck {
    /// Disjoint sets of node names (union-find with path compression).
    struct NodeSets {
        private var parent: [String: String] = [:]

        mutating func add(_ node: String) {
            if parent[node] == nil { parent[node] = node }
        }

        /// The representative of `node`'s set (adding `node` if new).
        mutating func root(_ node: String) -> String {
            add(node)
            var root = node
            while let next = parent[root], next != root { root = next }
            var current = node
            while let next = parent[current], next != root { parent[current] = root; current = next }
            return root
        }

        mutating func union(_ a: String, _ b: String) {
            let ra = root(a), rb = root(b)
            if ra != rb { parent[ra] = rb }
        }
    }
}
