/// One client's character, drawn once; it drives all four files.
struct SampleClient {
    /// `C00042`.
    var id: [UInt8] = []
    /// The name as CSV bytes.
    var name: [UInt8] = []
    /// Contacts but no billing.
    var isProspect = false
    /// Lognormal, median 1: spend, partners, respondents and contact frequency grow with it.
    var size = 1.0
    /// Contacts a year while the relationship is active (median 10).
    var contactRate = 10.0
    /// The client's mean survey score before response noise.
    var scoreMean = 7.5
    /// Partner indices; the first leads the relationship.
    var partners: [Int] = []
    var office = 0
    /// Mean value of a billing line, in dollars.
    var meanSpend = 0.0
    var margin = 0.3
    var realisation = 0.9
    var fixedFeeShare = 0.2
    /// BG/NBD purchase rate λ (per day) and drop-out probability p.
    var purchasesPerDay = 0.01
    var dropout = 0.1
    var firstDay = 0
    var surveyed = false
    var respondentNames: [[UInt8]] = []
    var respondentPartners: [Int] = []
    var respondentOffsets: [Double] = []
}
