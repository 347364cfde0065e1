/// The days of the sample period, numbered from 0 (1 January of the first year), with
/// their ISO 8601 text ready to copy: turning a day into `2024-03-05` is a 10-byte copy.
struct SampleCalendar {
    let startYear: Int
    let years: Int
    /// Number of days in the period.
    let dayCount: Int
    /// Day number of 1 January of each year, plus one past the end (`years + 1` entries).
    let yearStarts: [Int]
    /// Day number of the first of each month (`years × 12` entries).
    let monthStarts: [Int]
    /// Year index (0-based) of each day.
    let yearOfDay: [UInt8]
    /// `YYYY-MM-DD` of each day, 10 bytes per day.
    private let text: [UInt8]

    init(startYear: Int, years: Int) {
        self.startYear = startYear
        self.years = years
        var yearStarts: [Int] = []
        var monthStarts: [Int] = []
        var yearOfDay: [UInt8] = []
        var text: [UInt8] = []
        text.reserveCapacity(years * 366 * 10)
        var day = 0
        let monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for y in 0..<years {
            let year = startYear + y
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            yearStarts.append(day)
            for month in 1...12 {
                monthStarts.append(day)
                let length = month == 2 && leap ? 29 : monthLengths[month - 1]
                for dayOfMonth in 1...length {
                    SampleFormat.appendPadded(year, width: 4, to: &text)
                    text.append(UInt8(ascii: "-"))
                    SampleFormat.appendPadded(month, width: 2, to: &text)
                    text.append(UInt8(ascii: "-"))
                    SampleFormat.appendPadded(dayOfMonth, width: 2, to: &text)
                    yearOfDay.append(UInt8(truncatingIfNeeded: y))
                    day += 1
                }
            }
        }
        yearStarts.append(day)
        self.dayCount = day
        self.yearStarts = yearStarts
        self.monthStarts = monthStarts
        self.yearOfDay = yearOfDay
        self.text = text
    }

    /// Appends `YYYY-MM-DD` of `day` (0 ..< dayCount).
    @inline(__always)
    func appendDate(_ day: Int, to out: inout [UInt8]) {
        let start = day * 10
        out.append(contentsOf: text[start ..< start + 10])
    }

    /// Day number of the first of `month` (1...12) in year index `year`.
    func firstOfMonth(year: Int, month: Int) -> Int {
        monthStarts[year * 12 + month - 1]
    }
}
