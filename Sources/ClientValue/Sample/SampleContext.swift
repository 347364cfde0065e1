/// What every client shares: the seed, the calendar, and the repeated text fields already
/// encoded as CSV bytes, so that writing a row is mostly copying bytes.
struct SampleContext {
    let seed: UInt64
    let calendar: SampleCalendar
    let practiceAreas: [[UInt8]]
    let offices: [[UInt8]]
    let partnerNames: [[UInt8]]
    let partnerArea: [Int]
    let partnerOffice: [Int]
    let channels: [[UInt8]]
    /// Comments by band (promoter, passive, detractor).
    let comments: [[[UInt8]]]
    /// `2021 Annual`, ... by year index.
    let annualSurveys: [[UInt8]]
    let transactionalSurvey: [UInt8]
    let currency: [UInt8]

    init(seed: UInt64, calendar: SampleCalendar) {
        self.seed = seed
        self.calendar = calendar
        practiceAreas = Self.encoded(SampleGenerator.practiceAreas)
        offices = Self.encoded(SampleGenerator.offices)
        partnerNames = Self.encoded(SampleGenerator.partners.map(\.name))
        partnerArea = SampleGenerator.partners.map(\.practiceArea)
        partnerOffice = SampleGenerator.partners.map(\.office)
        channels = Self.encoded(SampleGenerator.channels)
        var comments: [[[UInt8]]] = []
        for band in SampleGenerator.comments { comments.append(Self.encoded(band)) }
        self.comments = comments
        annualSurveys = Self.encoded((0..<calendar.years).map { "\(calendar.startYear + $0) Annual" })
        transactionalSurvey = SampleGenerator.encodedField("Matter close")
        currency = SampleGenerator.encodedField("USD")
    }

    private static func encoded(_ texts: [String]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for text in texts { result.append(SampleGenerator.encodedField(text)) }
        return result
    }
}
