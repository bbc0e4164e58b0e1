/// The converters between the analog network and its digital controller: a DAC per input
/// written, an ADC per measurement read, and the energy of each conversion.
///
/// The default energies follow the Walden figure of merit F = P/(2^ENOB f_s), i.e. an energy per
/// conversion E = F · 2ᵇ, taking ENOB = b (an assumption: real converters lose ½–2 bits).
/// The default F = 10 fJ per conversion step is an assumption chosen conservatively above the
/// best published Nyquist ADCs: 4.4 fJ (van Elzakker et al., ISSCC 2008) and 2.2 fJ (Harpe,
/// Cantatore & van Roermund, ISSCC 2013), as tracked in B. E. Jonsson's ADC survey
/// ("Converter Passion" blog, 2012–2013 state-of-the-art updates). For DACs no survey figure is
/// used: the same E = F · 2ᵇ is assumed. Set `adc_energy`/`dac_energy` for a real design.
public struct HardwarePeripherals: Sendable, Hashable, Codable {
    /// The ADC of measurements, or nil for exact (unquantized) readings.
    public var adc: Quantizer?
    /// The DAC of inputs, or nil for exact inputs.
    public var dac: Quantizer?
    /// The energy of one ADC conversion (J) when given explicitly (`adc_energy`), else nil for
    /// the figure-of-merit default.
    public var adcEnergy: Double?
    /// The energy of one DAC conversion (J) when given explicitly (`dac_energy`), else nil for
    /// the figure-of-merit default.
    public var dacEnergy: Double?

    /// The assumed Walden figure of merit: 10 fJ per conversion step (see the type's notes).
    public static let defaultFigureOfMerit = 10e-15

    /// E = F · 2ᵇ (J), the energy of one b-bit conversion at Walden figure of merit F (J/step).
    public static func conversionEnergy(bits: Int, figureOfMerit: Double = defaultFigureOfMerit) -> Double {
        figureOfMerit * Double(1 << bits)
    }

    /// Converters with the given quantizers and, optionally, explicit energies per conversion (J).
    public init(adc: Quantizer? = nil, dac: Quantizer? = nil, adcEnergy: Double? = nil, dacEnergy: Double? = nil) {
        self.adc = adc
        self.dac = dac
        self.adcEnergy = adcEnergy
        self.dacEnergy = dacEnergy
    }

    /// Energy of one ADC conversion (J): `adcEnergy`, else F · 2ᵇ, else 0 without an ADC.
    public var adcEnergyPerConversion: Double {
        adcEnergy ?? adc.map { Self.conversionEnergy(bits: $0.bits) } ?? 0
    }

    /// Energy of one DAC conversion (J): `dacEnergy`, else F · 2ᵇ, else 0 without a DAC.
    public var dacEnergyPerConversion: Double {
        dacEnergy ?? dac.map { Self.conversionEnergy(bits: $0.bits) } ?? 0
    }

    /// No converters: exact inputs and readings, no conversion energy.
    public static let ideal = HardwarePeripherals()

    /// Quantizes a measurement through the ADC (unchanged without one).
    @inlinable
    public func measure(_ value: Double) -> Double { adc?.quantize(value) ?? value }

    /// Quantizes an input through the DAC (unchanged without one).
    @inlinable
    public func input(_ value: Double) -> Double { dac?.quantize(value) ?? value }
}
