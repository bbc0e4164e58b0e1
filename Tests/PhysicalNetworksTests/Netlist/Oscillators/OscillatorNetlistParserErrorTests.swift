import XCTest
@testable import PhysicalNetworks

/// `OscillatorNetlistParser` on malformed files: each is refused with a `NetlistError` at the
/// exact line and column of the offending token, with a message that says what was expected.
final class OscillatorNetlistParserErrorTests: XCTestCase {
    /// A valid network; the cases append a bad line 8 (or more).
    private static let base = """
        t
        input x 0.5
        layer in 2 input
        layer h 3
        osc out
        lattice s 2 2 periodic 1
        couple c1 x out 1

        """

    private typealias Case = (name: String, text: String, line: Int, column: Int, message: String)

    private static let settings: [Case] = [
        ("unknown card", base + "frob a b\n", 8, 1, "unknown card 'frob' (expected osc, input, layer, lattice, couple,"),
        ("unknown card, indented", base + "   Osk a\n", 8, 4, "unknown card 'Osk'"),
        ("SPICE element", base + "R1 a b 1k\n", 8, 1, "unknown card 'R1'"),
        ("unknown dot card", base + ".foo 3\n", 8, 1, "unknown card '.foo' (expected osc, input"),
        ("zero drag", base + ".drag 0\n", 8, 7, "the drag must be positive, got 0"),
        ("negative drag", base + ".drag -1m\n", 8, 7, "the drag must be positive, got -1m"),
        ("drag not a number", base + ".drag x\n", 8, 7, "expected a drag GAMMA (J·s/rad²), found 'x'"),
        ("infinite drag", base + ".drag 1e999\n", 8, 7, "expected a drag GAMMA (J·s/rad²), found '1e999'"),
        ("drag without value", base + ".drag\n", 8, 1, "'.drag' takes one value GAMMA (J·s/rad²), got 0"),
        ("drag with two values", base + ".drag 1 2\n", 8, 9, "'.drag' takes one value GAMMA (J·s/rad²), got 2"),
        ("drag twice", base + ".drag 1\n.DRAG 2\n", 9, 1, "'.drag' given twice"),
        ("empty file", "", 1, 1, "empty"),
        ("title only", "t\n", 1, 1, "no oscillators"),
        ("settings and comments only", "t\n* nothing\n.drag 2\n", 1, 1, "no oscillators"),
        ("only inputs", "t\ninput a\nlayer b 2 input\ncouple c a b_1 1\n", 2, 1, "every oscillator is an input (nothing can move"),
        ("continuation with no card", "t\n+ osc a\n", 2, 1, "continuation line '+' with no card to continue"),
    ]

    private static let oscillators: [Case] = [
        ("osc without name", base + "osc\n", 8, 1, "'osc' takes NAME [PHASE], got 0 values"),
        ("osc with two phases", base + "osc a 1 2\n", 8, 9, "'osc' takes NAME [PHASE], got 3 values"),
        ("input with two phases", base + "input a 1 2\n", 8, 11, "'input' takes NAME [PHASE], got 3 values"),
        ("dotted name", base + "osc a.b\n", 8, 5, "expected an oscillator name (a name without '.' or '*'), found 'a.b'"),
        ("starred input name", base + "input *b\n", 8, 7, "expected an input name (a name without '.' or '*'), found '*b'"),
        ("expression as name", base + "osc {a}\n", 8, 5, "expected an oscillator name (a name without '.' or '*'), found '{a}'"),
        ("bad phase", base + "osc a phi\n", 8, 7, "expected a phase (rad), found 'phi'"),
        ("expression as phase", base + "osc a {1}\n", 8, 7, "expected a phase (rad), found '{1}'"),
        ("infinite phase", base + "input a -1e400\n", 8, 9, "expected a phase (rad), found '-1e400'"),
        ("oscillator declared twice", base + "osc OUT\n", 8, 5, "'OUT' is already declared: oscillator 'out' (line 5)"),
        ("input named like an oscillator", base + "input out 1\n", 8, 7, "'out' is already declared: oscillator 'out' (line 5)"),
        ("oscillator named like an input", base + "osc X\n", 8, 5, "'X' is already declared: input 'x' (line 2)"),
        ("oscillator named like a layer member", base + "osc h_2\n", 8, 5, "'h_2' is already declared: member 2 of layer 'h' (line 4)"),
        ("oscillator named like a lattice site", base + "osc s_2_1\n", 8, 5, "'s_2_1' is already declared: a site of lattice 's' (line 6)"),
        ("oscillator named like an element", base + "osc c1\n", 8, 5, "'c1' is already declared: couple 'c1' (line 7)"),
        ("oscillator named like a layer", base + "input h\n", 8, 7, "'h' is already declared: layer 'h' (line 4)"),
        ("oscillator named like a lattice", base + "osc s\n", 8, 5, "'s' is already declared: lattice 's' (line 6)"),
    ]

    private static let layers: [Case] = [
        ("layer without count", base + "layer g\n", 8, 1, "'layer' takes NAME COUNT [input], got 1 value"),
        ("layer with too many values", base + "layer g 2 input x\n", 8, 17, "'layer' takes NAME COUNT [input], got 4 values"),
        ("layer of zero", base + "layer g 0\n", 8, 9, "a layer's size COUNT must be a positive integer, got 0"),
        ("layer of 2.5", base + "layer g 2.5\n", 8, 9, "a layer's size COUNT must be a positive integer, got 2.5"),
        ("negative layer", base + "layer g -3\n", 8, 9, "a layer's size COUNT must be a positive integer, got -3"),
        ("layer of words", base + "layer g three\n", 8, 9, "expected a layer's size COUNT (a positive integer), found 'three'"),
        ("huge layer", base + "layer g 1e9\n", 8, 9, "a layer's size COUNT must be at most 4194304, got 1e9"),
        ("layer with a bad flag", base + "layer g 2 inputs\n", 8, 11, "expected 'input' or nothing after the layer's size, found 'inputs'"),
        ("dotted layer name", base + "layer g.1 2\n", 8, 7, "expected a layer name (a name without '.' or '*'), found 'g.1'"),
        ("layer named like an input", base + "layer x 2\n", 8, 7, "'x' is already declared: input 'x' (line 2)"),
        ("layer named like a member", base + "layer h_1 1\n", 8, 7, "'h_1' is already declared: member 1 of layer 'h' (line 4)"),
        ("layer declared twice", base + "layer H 3 input\n", 8, 7, "'H' is already declared: layer 'h' (line 4)"),
        ("layer member clashing with an earlier oscillator", base + "osc g_2\nlayer g 2\n", 9, 7,
         "layer 'g' expands to 'g_2', already declared: oscillator 'g_2' (line 8)"),
        ("layer member clashing with a lattice site", base + "layer s_1 2\n", 8, 7,
         "layer 's_1' expands to 's_1_1', already declared: a site of lattice 's' (line 6)"),
        ("layer member clashing with an element", base + "couple g_1 x out 1\nlayer G 2\n", 9, 7,
         "layer 'G' expands to 'g_1', already declared: couple 'g_1' (line 8)"),
    ]

    private static let lattices: [Case] = [
        ("lattice without strength", base + "lattice g 2 2 periodic\n", 8, 1,
         "'lattice' takes NAME ROWS COLS periodic|open K [RADIUS], got 4 values"),
        ("lattice with too many values", base + "lattice g 2 2 periodic 1 1 1\n", 8, 28,
         "'lattice' takes NAME ROWS COLS periodic|open K [RADIUS], got 7 values"),
        ("lattice of one site", base + "lattice g 1 1 open 1\n", 8, 13, "a lattice needs at least 2 sites, got 1 × 1"),
        ("lattice of zero rows", base + "lattice g 0 2 open 1\n", 8, 11, "the number of rows ROWS must be a positive integer, got 0"),
        ("lattice of fractional columns", base + "lattice g 2 1.5 open 1\n", 8, 13,
         "the number of columns COLS must be a positive integer, got 1.5"),
        ("lattice with a word for columns", base + "lattice g 2 x open 1\n", 8, 13,
         "expected the number of columns COLS (a positive integer), found 'x'"),
        ("huge lattice", base + "lattice g 4096 4096 open 1\n", 8, 16, "a lattice may have at most 4194304 sites, got 4096 × 4096"),
        ("lattice with an unknown boundary", base + "lattice g 2 2 closed 1\n", 8, 15,
         "expected the boundary, periodic or open, found 'closed'"),
        ("lattice with a bad strength", base + "lattice g 2 2 open k\n", 8, 20, "expected a coupling strength K (J), found 'k'"),
        ("lattice with an infinite strength", base + "lattice g 2 2 OPEN 1e999\n", 8, 20,
         "expected a coupling strength K (J), found '1e999'"),
        ("lattice with zero radius", base + "lattice g 2 2 open 1 0\n", 8, 22, "the radius must be positive, got 0"),
        ("lattice with negative radius", base + "lattice g 2 2 open 1 -1\n", 8, 22, "the radius must be positive, got -1"),
        ("lattice with a bad radius", base + "lattice g 2 2 open 1 r\n", 8, 22, "expected a radius RADIUS (lattice spacings), found 'r'"),
        ("lattice named like a layer", base + "lattice h 2 2 open 1\n", 8, 9, "'h' is already declared: layer 'h' (line 4)"),
        ("lattice site clashing with a member", base + "layer g_1 2\nlattice g 2 2 open 1\n", 9, 9,
         "lattice 'g' expands to 'g_1_1', already declared: member 1 of layer 'g_1' (line 8)"),
    ]

    private static let elementCards: [Case] = [
        ("couple with too few values", base + "couple c2 x out\n", 8, 1, "'couple' takes NAME A B W, got 3 values"),
        ("couple with too many values", base + "couple c2 x out 1 2\n", 8, 19, "'couple' takes NAME A B W, got 5 values"),
        ("field with too few values", base + "field f1 out 1\n", 8, 1, "'field' takes NAME A H PSI, got 3 values"),
        ("lock with too many values", base + "lock l1 out 1 0\n", 8, 15, "'lock' takes NAME A K, got 4 values"),
        ("omega with too few values", base + "omega o1 out\n", 8, 1, "'omega' takes NAME A W, got 2 values"),
        ("dense with too few values", base + "dense d1 in h\n", 8, 1,
         "'dense' takes NAME A B INIT (a weight W, or uniform SCALE SEED), got 3 values"),
        ("dense uniform without seed", base + "dense d1 in h uniform 1\n", 8, 1, "'dense' takes NAME A B INIT"),
        ("dense with two weights", base + "dense d1 in h 1 2\n", 8, 17, "'dense' takes NAME A B INIT (a weight W, or uniform SCALE SEED), got 5 values"),
        ("pair with too few values", base + "pair p1 in h\n", 8, 1, "'pair' takes NAME A B W, got 3 values"),
        ("element declared twice", base + "couple C1 h_1 out 1\n", 8, 8, "'C1' is already declared: couple 'c1' (line 7)"),
        ("element named like an input", base + "field x out 1 0\n", 8, 7, "'x' is already declared: input 'x' (line 2)"),
        ("element named like a member", base + "pair in_2 h h 1\n", 8, 6, "'in_2' is already declared: member 2 of layer 'in' (line 3)"),
        ("dotted element name", base + "lock l.1 out 1\n", 8, 6, "expected an element name (a name without '.' or '*'), found 'l.1'"),
        ("element after a layer of its name", base + "layer c2 1\ncouple c2 x out 1\n", 9, 8, "'c2' is already declared: layer 'c2' (line 8)"),
        ("oscillator after an element of its name", base + "couple c2 x out 1\nosc C2\n", 9, 5,
         "'C2' is already declared: couple 'c2' (line 8)"),
    ]

    private static let references: [Case] = [
        ("couple to an unknown oscillator", base + "couple c2 x zz 1\n", 8, 13, "unknown oscillator 'zz'"),
        ("couple from an unknown oscillator", base + "couple c2 zz x 1\n", 8, 11, "unknown oscillator 'zz'"),
        ("couple past a layer's end", base + "couple c2 h_4 out 1\n", 8, 11, "unknown oscillator 'h_4'"),
        ("couple past a lattice's end", base + "couple c2 s_3_1 h_1 1\n", 8, 11, "unknown oscillator 's_3_1'"),
        ("couple on a continuation line", base + "couple c2 x\n+ zz 1\n", 9, 3, "unknown oscillator 'zz'"),
        ("couple of a layer", base + "couple c2 h out 1\n", 8, 11, "'h' is a layer, not an oscillator (name a member such as 'h_1'"),
        ("couple of a lattice", base + "couple c2 out S 1\n", 8, 15, "'S' is a lattice, not an oscillator (name a site such as 's_1_1')"),
        ("couple of an element", base + "couple c2 c1 out 1\n", 8, 11, "'c1' is a couple element, not an oscillator"),
        ("couple to itself", base + "couple c2 out OUT 1\n", 8, 15, "'c2' couples 'out' to itself"),
        ("couple of two inputs", base + "couple c2 x in_1 1\n", 8, 13, "'c2' couples two inputs (their phases are fixed)"),
        ("couple with a bad weight", base + "couple c2 x out w\n", 8, 17, "expected a coupling weight W (J), found 'w'"),
        ("field on an input", base + "field f1 x 1 0\n", 8, 10, "'x' is an input (its phase is fixed by the data): 'field' acts on a free oscillator"),
        ("field on an input layer's member", base + "field f1 in_2 1 0\n", 8, 10, "'in_2' is an input"),
        ("field with a bad strength", base + "field f1 out h 0\n", 8, 14, "expected a field strength H (J), found 'h'"),
        ("field with a bad phase", base + "field f1 out 1 psi\n", 8, 16, "expected a field phase PSI (rad), found 'psi'"),
        ("lock on an input", base + "lock l1 x 1\n", 8, 9, "'x' is an input (its phase is fixed by the data): 'lock' acts on a free oscillator"),
        ("lock on an unknown oscillator", base + "lock l1 zz 1\n", 8, 9, "unknown oscillator 'zz'"),
        ("lock with a bad strength", base + "lock l1 s_1_1 k\n", 8, 15, "expected a locking strength K (J), found 'k'"),
        ("omega on an input", base + "omega o1 in_1 1\n", 8, 10, "'omega' acts on a free oscillator"),
        ("omega with an infinite frequency", base + "omega o1 out 1e999\n", 8, 14, "expected a natural frequency W (rad/s), found '1e999'"),
        ("dense to an unknown layer", base + "dense d1 in zz 1\n", 8, 13, "unknown layer or lattice 'zz'"),
        ("dense from an oscillator", base + "dense d1 out h 1\n", 8, 10,
         "'out' is an oscillator, not a layer or lattice ('dense' joins whole layers; 'couple' joins two oscillators)"),
        ("dense from a member", base + "dense d1 h_1 h 1\n", 8, 10, "'h_1' is an oscillator, not a layer or lattice"),
        ("dense to an element", base + "dense d1 in c1 1\n", 8, 13, "'c1' is a couple element, not a layer or lattice"),
        ("dense from a layer to itself", base + "dense d1 h H 1\n", 8, 12, "'d1' joins 'h' to itself"),
        ("dense into an input layer", base + "dense d1 h in 1\n", 8, 12, "'in' is an input layer: it may be A but not B"),
        ("dense with a bad weight", base + "dense d1 in h unif\n", 8, 15,
         "expected an initial weight W (J) or 'uniform SCALE SEED', found 'unif'"),
        ("dense with a negative scale", base + "dense d1 in h uniform -1 3\n", 8, 23, "the scale must not be negative, got -1"),
        ("dense with a bad scale", base + "dense d1 in h uniform big 3\n", 8, 23, "expected a scale SCALE (J), found 'big'"),
        ("dense with a negative seed", base + "dense d1 in h uniform 1 -3\n", 8, 25,
         "the seed must be a non-negative integer below 2^64, got -3"),
        ("dense with a fractional seed", base + "dense d1 in h uniform 1 2.5\n", 8, 25, "the seed must be a non-negative integer"),
        ("dense with a seed of 2^64", base + "dense d1 in h uniform 1 18446744073709551616\n", 8, 25,
         "the seed must be a non-negative integer below 2^64"),
        ("dense with a word for seed", base + "dense d1 in h uniform 1 seed\n", 8, 25, "expected a seed (a non-negative integer), found 'seed'"),
        ("pair of unequal sizes", base + "pair p1 in h 1\n", 8, 12, "'p1' pairs 'in' (2 oscillators) with 'h' (3): the sizes must be equal"),
        ("pair into an input layer", base + "pair p1 h in 1\n", 8, 11, "'in' is an input layer: it may be A but not B"),
        ("pair of oscillators", base + "pair p1 x out 1\n", 8, 9, "'x' is an oscillator, not a layer or lattice ('pair' joins whole layers"),
        ("pair with a bad weight", base + "layer g 4\npair p1 g s w\n", 9, 13, "expected an initial weight W (J), found 'w'"),
        ("pair of a lattice with itself", base + "pair p1 s s 1\n", 8, 11, "'p1' joins 's' to itself"),
    ]

    private static let roles: [Case] = [
        ("unknown directive", base + "*@ frob x\n", 8, 4, "unknown learning directive 'frob' (expected input, output, train or bounds)"),
        ("empty directive", base + "  *@\n", 8, 3, "empty learning directive (expected input, output, train or bounds)"),
        ("input without names", base + "*@ input\n", 8, 4, "'*@ input' needs at least one name"),
        ("output without names", base + "*@ output ; none\n", 8, 4, "'*@ output' needs at least one name"),
        ("train without names", base + "*@ train\n", 8, 4, "'*@ train' needs at least one name"),
        ("input that is free", base + "*@ input out\n", 8, 10, "'out' is a free oscillator, not an input ('*@ input' names inputs"),
        ("input that is a free layer", base + "*@ input x h\n", 8, 12, "'h' is a layer of free oscillators, not an input"),
        ("input that is a lattice", base + "*@ input s\n", 8, 10, "'s' is a lattice, not an input"),
        ("input that is an element", base + "*@ input c1\n", 8, 10, "'c1' is a couple element, not an input"),
        ("unknown input", base + "*@ input zz\n", 8, 10, "unknown input 'zz'"),
        ("input twice", base + "*@ input x X\n", 8, 12, "'X' listed twice"),
        ("input layer after its member", base + "*@ input in_2 in\n", 8, 15, "'in' includes 'in_2', which is listed twice"),
        ("input member after its layer", base + "*@ input in\n*@ input IN_1\n", 9, 10, "'IN_1' listed twice"),
        ("output that is an input", base + "*@ output x\n", 8, 11,
         "'x' is an input oscillator (its phase is set by the data): an output must be a free oscillator, a layer or a lattice"),
        ("output that is an input layer", base + "*@ output in\n", 8, 11, "'in' is an input layer (its phases are set by the data)"),
        ("output that is an element", base + "*@ output out c1\n", 8, 15, "'c1' is a couple element: an output must be"),
        ("unknown output", base + "*@ output zz\n", 8, 11, "unknown output 'zz' (expected a free oscillator, a layer or a lattice)"),
        ("output twice", base + "*@ output h h_2\n", 8, 13, "'h_2' listed twice"),
        ("output lattice after its site", base + "*@ output s_1_1 s\n", 8, 17, "'s' includes 's_1_1', which is listed twice"),
        ("train of an input phase", base + "*@ train x.phase\n", 8, 10, "'x.phase' is not trainable: an input's phase is set by the data"),
        ("train of a drag", base + "*@ train c1.w out.drag\n", 8, 15,
         "'out.drag' is not trainable: a drag sets how fast a phase relaxes, not where it settles, and EP has no local measurement"),
        ("train of a natural frequency", base + "omega o1 out 2\n*@ train o1.omega\n", 9, 10,
         "'o1.omega' is not trainable: a natural frequency is a non-gradient drift with no energy term, so EP has no local measurement"),
        ("train of an omega element", base + "omega o1 out 2\n*@ train O1\n", 9, 10,
         "'O1', an omega element, has nothing trainable (its parameters: o1.omega; a natural frequency"),
        ("train of an input", base + "*@ train x\n", 8, 10, "'x', an input oscillator, has nothing trainable (its parameters: x.phase; an input's phase is set by the data"),
        ("train of a free oscillator", base + "*@ train out\n", 8, 10, "'out', a free oscillator, has nothing trainable (its parameters: out.drag; a drag"),
        ("train of a layer", base + "*@ train h\n", 8, 10, "'h' is a layer: it has no parameters of its own (train the dense or pair elements"),
        ("train of every omega", base + "*@ train *.omega\n", 8, 10, "'*.omega' is not trainable: a natural frequency"),
        ("train of every drag", base + "*@ train *.DRAG\n", 8, 10, "'*.DRAG' is not trainable: a drag"),
        ("train of every phase", base + "*@ train *.phase\n", 8, 10, "'*.phase' is not trainable: an input's phase is set by the data"),
        ("unknown wildcard", base + "*@ train *.x\n", 8, 10, "unknown wildcard '*.x' (the wildcards are *.w, *.h, *.psi or *.k)"),
        ("bare star", base + "*@ train *\n", 8, 10, "'*' is not a wildcard (the wildcards are *.w, *.h, *.psi or *.k)"),
        ("wildcard with an index", base + "*@ train *.w_1\n", 8, 10, "'*.w_1' is not a wildcard"),
        ("wildcard matching nothing", base + "*@ train *.h\n", 8, 10, "'*.h' matches no parameter (the file has no field element)"),
        ("psi wildcard matching nothing", base + "*@ train *.w *.psi\n", 8, 14, "'*.psi' matches no parameter (the file has no field element)"),
        ("k wildcard matching nothing", "t\nosc a\nosc b\ncouple c a b 1\n*@ train *.k\n", 5, 10,
         "'*.k' matches no parameter (the file has no lock element or lattice)"),
        ("w wildcard matching nothing", "t\nosc a\nfield f a 1 0\n*@ train *.w\n", 4, 10,
         "'*.w' matches no parameter (the file has no couple, dense or pair element)"),
        ("train of a parameter an element lacks", base + "*@ train c1.x\n", 8, 10,
         "'c1.x' is not a parameter of 'c1', a couple element (its parameters: c1.w)"),
        ("train of an unknown element's parameter", base + "*@ train zz.w\n", 8, 10, "unknown name 'zz' in 'zz.w'"),
        ("train of an unknown name", base + "*@ train zz\n", 8, 10, "unknown name 'zz' in '*@ train'"),
        ("train of a kernel entry outside the grid", base + "*@ train s.k_5_5\n", 8, 10,
         "'s.k_5_5' is not a parameter of 's', a lattice (its parameters: s.k_0_0, s.k_0_1, s.k_1_0, s.k_1_1)"),
        ("train of a dense weight outside the block", base + "dense d1 in h 1\n*@ train d1.w_3_1\n", 9, 10,
         "'d1.w_3_1' is not a parameter of 'd1', a dense element (its parameters: d1.w_1_1 … d1.w_2_3)"),
        ("train of a pair weight outside the pair", base + "layer g 4\npair p1 g s 1\n*@ train p1.w_0\n", 10, 10,
         "'p1.w_0' is not a parameter of 'p1', a pair element (its parameters: p1.w_1, p1.w_2, p1.w_3, p1.w_4)"),
        ("train of a punctuation token", base + "*@ train c1.w=\n", 8, 14, "expected a trainable parameter, found '='"),
        ("bounds with one value", base + "*@ bounds 1\n", 8, 4, "'*@ bounds' takes two values LOW HIGH, got 1"),
        ("bounds without values", base + "*@ bounds\n", 8, 4, "'*@ bounds' takes two values LOW HIGH, got 0"),
        ("bounds with three values", base + "*@ bounds 0 1 2\n", 8, 15, "'*@ bounds' takes two values LOW HIGH, got 3"),
        ("bounds LOW = HIGH", base + "*@ bounds 1 1\n", 8, 13, "HIGH must exceed LOW, got 1 and 1"),
        ("bounds LOW > HIGH", base + "*@ bounds 2 -1\n", 8, 13, "HIGH must exceed LOW, got 2 and -1"),
        ("bounds with a bad LOW", base + "*@ bounds low 1\n", 8, 11, "expected a lower bound LOW, found 'low'"),
        ("bounds with +inf as LOW", base + "*@ bounds inf 1\n", 8, 11, "expected a lower bound LOW, found 'inf'"),
        ("bounds with a bad HIGH", base + "*@ bounds 0 x\n", 8, 13, "expected an upper bound HIGH, found 'x'"),
        ("bounds twice", base + "*@ bounds 0 1\n*@ BOUNDS 0 2\n", 9, 4, "'*@ bounds' given twice"),
        ("role error before the cards", "t\n*@ output x\ninput x\nosc y\n", 2, 11, "'x' is an input oscillator"),
    ]

    private func check(_ cases: [Case], file: StaticString = #filePath, line: UInt = #line) {
        for bad in cases {
            do {
                let netlist = try OscillatorNetlistParser.parse(contents: bad.text, file: "bad.osc")
                XCTFail("\(bad.name): parsed \(netlist.members.count) oscillators, expected an error", file: file, line: line)
            } catch {
                XCTAssertEqual(error.location, SourceLocation(file: "bad.osc", line: bad.line, column: bad.column),
                               "\(bad.name): \(error)", file: file, line: line)
                XCTAssertTrue(error.message.contains(bad.message), "\(bad.name): '\(error.message)' lacks '\(bad.message)'",
                              file: file, line: line)
                XCTAssertEqual(error.description, "bad.osc:\(bad.line):\(bad.column): \(error.message)", file: file, line: line)
            }
        }
    }

    func testMalformedSettingsAndWholeFiles() { check(Self.settings) }
    func testMalformedOscillators() { check(Self.oscillators) }
    func testMalformedLayers() { check(Self.layers) }
    func testMalformedLattices() { check(Self.lattices) }
    func testMalformedElementCards() { check(Self.elementCards) }
    func testBadReferences() { check(Self.references) }
    func testMalformedRoles() { check(Self.roles) }

    /// The base of the tables is itself valid, so each case fails for its own lines only.
    func testTheMalformedCasesStartFromAValidFile() throws {
        let netlist = try OscillatorNetlistParser.parse(contents: Self.base, file: "t.osc")
        XCTAssertEqual(netlist.members.count, 1 + 2 + 3 + 1 + 4)
        XCTAssertEqual(netlist.elements.count, 1)
    }

    /// Every prefix of a valid file and every file with one character dropped parses or throws
    /// a `NetlistError` inside the file; none crashes.
    func testEveryPrefixAndEveryDroppedCharacterGivesAResultOrAnErrorNeverACrash() {
        let source = OscillatorNetlistParserTests.full
        let text = Array(source)
        let lineCount = source.split(separator: "\n", omittingEmptySubsequences: false).count
        var variants: [String] = (0...text.count).map { String(text[..<$0]) }
        variants += text.indices.map { String(text[..<$0] + text[($0 + 1)...]) }
        var errors = 0
        for variant in variants {
            do {
                _ = try OscillatorNetlistParser.parse(contents: variant, file: "v.osc")
            } catch {
                errors += 1
                XCTAssertEqual(error.location.file, "v.osc")
                XCTAssertTrue((1...lineCount).contains(error.location.line), "\(error) in\n\(variant)")
                XCTAssertGreaterThanOrEqual(error.location.column, 1, "\(error)")
            }
        }
        XCTAssertGreaterThan(errors, 0, "some variants must be refused")
        XCTAssertLessThan(errors, variants.count, "some variants must parse")
    }
}
