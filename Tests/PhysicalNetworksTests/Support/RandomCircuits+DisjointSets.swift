extension RandomCircuits {
    /// Union–find over node indices (path halving, union by size): which nodes a set of
    /// branches already connects.
    struct DisjointSets: Sendable {
        private var parent: [Int]
        private var size: [Int]

        init(count: Int) {
            parent = Array(0..<count)
            size = [Int](repeating: 1, count: count)
        }

        /// The representative of `node`'s set.
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node { node = parent[node] }
            return node
        }

        /// Whether `a` and `b` are already connected.
        func connects(_ a: Int, _ b: Int) -> Bool { root(a) == root(b) }

        /// Joins the sets of `a` and `b`; false (and no change) if they were already one set,
        /// i.e. if a branch between them would close a loop.
        mutating func join(_ a: Int, _ b: Int) -> Bool {
            var ra = root(a), rb = root(b)
            guard ra != rb else { return false }
            if size[ra] < size[rb] { swap(&ra, &rb) }
            parent[rb] = ra
            size[ra] += size[rb]
            return true
        }
    }
}
