/// An elastic network file (docs/elastic.md), parsed: the mechanical network — nodes, bonds,
/// drag — plus distance sensors and the learning roles of its `*@` directives.
///
/// - Inputs are bonds whose rest length ℓ the data drives: a stiff spring between a node pair
///   imposes the pair's strain (`*@ input`).
/// - Outputs are distance sensors (`sensor NAME A B`, the distance |x_A − x_B| read into an
///   unknown of its own, `DistanceSensors`) or node coordinates (`NODE.x`, `NODE.y`, `NODE.z`).
/// - Trainable parameters are `<bond>.k` (N/m) and `<bond>.l` (m), with bounds per kind.
///
/// Names are lower-case (the file is case-insensitive, like a SPICE netlist).
public struct ElasticNetlist: Sendable, Equatable {
    /// A distance sensor between two nodes (node indices).
    public struct Sensor: Sendable, Equatable {
        public var name: String
        public var a: Int
        public var b: Int

        public init(name: String, a: Int, b: Int) {
            self.name = name
            self.a = a
            self.b = b
        }
    }

    /// The `*@` roles, by name.
    public struct Roles: Sendable, Equatable {
        /// Bonds whose rest length is an input (m).
        public var inputs: [String] = []
        /// Sensor names or node coordinates (`n5.x`).
        public var outputs: [String] = []
        /// Parameter names, `<bond>.k` or `<bond>.l`.
        public var trainable: [String] = []
        /// Bounds of trainable stiffnesses (N/m) and rest lengths (m).
        public var stiffnessBounds: ClosedRange<Double> = 0...Double.infinity
        public var restLengthBounds: ClosedRange<Double> = 0...Double.infinity

        public init() {}
    }

    /// The file as named by the user (for messages).
    public var file: String
    public var title: String
    public var elastic: ElasticNetwork
    public var sensors: [Sensor]
    /// K of every distance sensor (N/m): stiff, so a nudge reaches the pair as EP with
    /// β/(1 + β/K).
    public var sensorStiffness: Double
    public var roles: Roles

    /// The sensor coupling when a file does not set `.sensor`.
    public static let defaultSensorStiffness = 1e6

    public init(file: String, title: String, elastic: ElasticNetwork, sensors: [Sensor] = [],
                sensorStiffness: Double = ElasticNetlist.defaultSensorStiffness, roles: Roles = Roles()) {
        self.file = file
        self.title = title
        self.elastic = elastic
        self.sensors = sensors
        self.sensorStiffness = sensorStiffness
        self.roles = roles
    }

    /// The distance between two nodes at their file positions (m).
    public func distance(_ a: Int, _ b: Int) -> Double {
        let d = elastic.nodes[a].position - elastic.nodes[b].position
        return (d * d).sum().squareRoot()
    }
}
