/// A count broken down by a label (a channel, a partner).
public struct LabelCount: Sendable, Hashable, Codable {
    /// The channel or partner name; `(none)` for contacts that do not give one.
    public var label: String
    /// How many contacts carry that label.
    public var count: Int
}

/// One client's contacts in one calendar year.
public struct ClientContactYear: Sendable, Hashable, Codable {
    /// The client, as in the contacts export.
    public var clientID: String
    /// The calendar year.
    public var year: Int
    /// Contacts with the client in the year.
    public var contacts: Int
    /// Those contacts per channel (meeting, call, email...), most frequent first.
    public var byChannel: [LabelCount]
    /// Those contacts per partner, most frequent first.
    public var byPartner: [LabelCount]
    /// How many different partners were in contact with the client in the year; contacts
    /// without a partner do not count.
    public var distinctPartners: Int

    enum CodingKeys: String, CodingKey {
        case year, contacts
        case clientID = "client_id", byChannel = "by_channel", byPartner = "by_partner", distinctPartners = "distinct_partners"
    }
}

/// A client contacted less often than the threshold in the twelve months to the as-of date.
public struct UnderContactedClient: Sendable, Hashable, Codable {
    /// The client, as in the contacts or billing export.
    public var clientID: String
    /// Contacts in the trailing twelve months.
    public var contacts: Int
    /// Days from the last contact to the as-of date; `nil` when never contacted.
    public var daysSinceLastContact: Int?
    /// The client's net billing in the twelve months to the as-of date, in currency units;
    /// `nil` when no billing was given. The list is ranked by it.
    public var trailingBilling: Money?

    enum CodingKeys: String, CodingKey {
        case contacts
        case clientID = "client_id", daysSinceLastContact = "days_since_last_contact", trailingBilling = "trailing_billing"
    }
}

/// Contact frequency per client and year, and the clients below a yearly threshold.
///
/// "Below the threshold" is judged on the twelve months up to the as-of date, over every client
/// that has contacts or (when billing is given) billing in that window, so a billed client with
/// no contact at all is listed first among equals. The list is ranked by trailing-twelve-month
/// billing, largest first, then by fewest contacts.
///
/// ```swift
/// let log = try ContactFrequencyBuilder.read(.file(path: "contacts.csv"))
/// let frequency = log.builder.frequency(threshold: 10)
/// for client in frequency.belowThreshold.prefix(5) {
///     print(client.clientID, client.contacts, client.daysSinceLastContact as Any)
/// }
/// ```
public struct ContactFrequency: Sendable, Hashable, Codable {
    /// "Today": the end of the twelve months the threshold is judged on.
    public var asOf: Day
    /// The number of contacts in twelve months below which a client is listed.
    public var threshold: Int
    /// Contacts per client and calendar year, by client id then year.
    public var years: [ClientContactYear]
    /// The clients with fewer contacts than ``threshold`` in the twelve months to ``asOf``,
    /// largest trailing billing first.
    public var belowThreshold: [UnderContactedClient]
    /// Clients with at least one contact.
    public var clients: Int
    /// Contacts in the log, at any date.
    public var contacts: Int

    enum CodingKeys: String, CodingKey {
        case threshold, years, clients, contacts
        case asOf = "as_of", belowThreshold = "below_threshold"
    }
}

/// Builds ``ContactFrequency`` from contact events in one pass.
///
/// Events are kept flat, one entry per contact with the client, channel and partner as codes,
/// so the questions asked afterwards (trailing counts, days since the last contact, partners
/// in contact) are array passes, not string hashing.
///
/// - Complexity: O(contacts) time; 16 bytes per contact.
public struct ContactFrequencyBuilder: Sendable, Equatable {
    private var clientNames: [String] = []
    private var channelNames: [String] = []
    private var partnerNames: [String] = []
    // Codes by name for ``add(_:)``; after a read, built from the names only when a contact
    // is first added by name.
    private var clientIndex: [String: Int32] = [:]
    private var channelIndex: [String: Int32] = [:]
    private var partnerIndex: [String: Int32] = [:]
    private var indexesAreStale = false
    // One entry per contact; -1 for no channel or partner.
    private var clients: [Int32] = []
    private var days: [Int32] = []
    private var channels: [Int32] = []
    private var partners: [Int32] = []

    /// An empty builder; add contacts with ``add(_:)``, or read a whole export with
    /// ``read(_:file:options:)``.
    public init() {}

    /// Whether two builders hold the same contacts under the same names and codes (the
    /// indexes by name follow from the names).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.clientNames == rhs.clientNames && lhs.channelNames == rhs.channelNames && lhs.partnerNames == rhs.partnerNames
            && lhs.clients == rhs.clients && lhs.days == rhs.days && lhs.channels == rhs.channels && lhs.partners == rhs.partners
    }

    private static func code(_ value: String?, _ index: inout [String: Int32], _ names: inout [String]) -> Int32 {
        guard let value else { return -1 }
        if let code = index[value] { return code }
        let code = Int32(names.count)
        index[value] = code
        names.append(value)
        return code
    }

    /// Adds one contact.
    ///
    /// - Parameter event: an imported contact: client, date, and optionally channel and partner.
    public mutating func add(_ event: ContactEvent) {
        if indexesAreStale {
            // So that events added after a read find their codes (found by fuzzing: they were new).
            func index(_ names: [String]) -> [String: Int32] {
                Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
            }
            clientIndex = index(clientNames)
            channelIndex = index(channelNames)
            partnerIndex = index(partnerNames)
            indexesAreStale = false
        }
        let client = Self.code(event.clientID, &clientIndex, &clientNames)
        let channel = Self.code(event.channel, &channelIndex, &channelNames)
        let partner = Self.code(event.partner, &partnerIndex, &partnerNames)
        add(client: client, day: event.contactDate.daysSince1970, channel: channel, partner: partner)
    }

    @inline(__always)
    mutating func add(client: Int32, day: Int32, channel: Int32, partner: Int32) {
        clients.append(client)
        days.append(day)
        channels.append(channel)
        partners.append(partner)
    }

    /// Reads a contacts export's client_id, contact_date, channel and partner straight into
    /// the builder, without a ``ContactEvent`` per row. Rows are checked as ``RecordReader``
    /// checks them, except `duration_minutes`, which is not read.
    ///
    /// A regular UTF-8 file of 4 MiB to 1 GiB is read on all processors, with the same builder,
    /// errors, rejects and summary as reading it from start to end.
    ///
    /// ```swift
    /// let log = try ContactFrequencyBuilder.read(.file(path: "SampleData/contacts.csv"))
    /// print(log.builder.count, log.importSummary.rowsRejected)
    /// ```
    ///
    /// - Parameters:
    ///   - source: a file path, standard input, or bytes in memory.
    ///   - file: the name to use in messages and in the summary; the path by default.
    ///   - options: dialect, date order, error policy, column map and rejects file.
    /// - Returns: the builder with every accepted contact, and the import summary.
    /// - Throws: ``ImportError`` when the file cannot be read, its header lacks a required
    ///   column, or (with ``ErrorPolicy/fail``) at the first bad row.
    /// - Complexity: O(n) in the file's bytes; 16 bytes per contact held.
    public static func read(_ source: ByteSourceKind, file: String? = nil, options: ImportOptions = ImportOptions()) throws(ImportError) -> ContactLog {
        try read(source, file: file, options: options, plan: .automatic)
    }

    static func read(_ source: ByteSourceKind, file: String?, options: ImportOptions, plan: ParallelImport.Plan) throws(ImportError) -> ContactLog {
        if let log = readInParallel(source, file: file, options: options, plan: plan) { return log }
        let reader = try RecordReader<ContactEvent>(source, file: file, options: options)
        var builder = try contacts(of: reader).builder
        builder.name(by: reader.cursor)
        return ContactLog(builder: builder, importSummary: reader.summary)
    }

    /// The log read on several threads; `nil` when the file does not qualify or the parallel
    /// read could differ from the sequential one (a bad row), which the caller then reads from
    /// the start.
    ///
    /// The threads share out the file's blocks (``ParallelImport/readShared(_:file:options:plan:as:decode:)``),
    /// so the file is never held in memory; each notes where its blocks begin. The merge takes
    /// the blocks in file order, numbers the client ids, channels and partners each block shows
    /// its thread for the first time by first appearance in the file
    /// (``ParallelImport/CodeMerger``), and appends the block's contacts renumbered: every
    /// contact, code and name is then the sequential read's.
    static func readInParallel(_ source: ByteSourceKind, file: String?, options: ImportOptions, plan: ParallelImport.Plan) -> ContactLog? {
        guard let result = ParallelImport.readShared(source, file: file, options: options, plan: plan, as: ContactEvent.self, decode: {
            reader throws(ImportError) in try contacts(of: reader, notingBlocks: true)
        }) else { return nil }
        let parts = result.values
        let tables = [0, 2, 3]  // client_id, channel, partner
        let blocks = ParallelImport.blocksInFileOrder(parts.map(\.value.starts), rowCounts: parts.map(\.value.builder.count),
                                                      codeCounts: parts.map { part in tables.map { part.cursor.value.valueCount(table: $0) } })
        let values = parts.map { part in tables.map { part.values(table: $0) } }
        var names = tables.map { _ in ParallelImport.CodeMerger(readers: parts.count) }
        var builder = ContactFrequencyBuilder()
        let total = parts.reduce(0) { $0 + $1.value.builder.count }
        builder.clients.reserveCapacity(total)
        builder.days.reserveCapacity(total)
        builder.channels.reserveCapacity(total)
        builder.partners.reserveCapacity(total)
        for block in blocks {
            for t in tables.indices {
                names[t].number(block.newCodes[t], of: block.reader, values: values[block.reader][t])
            }
            // The block's contacts, column by column, as add(client:day:channel:partner:) adds them.
            let other = parts[block.reader].value.builder
            let clients = names[0].maps[block.reader], channels = names[1].maps[block.reader], partners = names[2].maps[block.reader]
            ParallelImport.CodeMerger.append(other.clients[block.rows], mappedThrough: clients, to: &builder.clients)
            builder.days.append(contentsOf: other.days[block.rows])
            ParallelImport.CodeMerger.append(other.channels[block.rows], mappedThrough: channels, to: &builder.channels)
            ParallelImport.CodeMerger.append(other.partners[block.rows], mappedThrough: partners, to: &builder.partners)
        }
        builder.name(clients: names[0].values, channels: names[1].values, partners: names[2].values)
        return ContactLog(builder: builder, importSummary: result.summary)
    }

    /// What a read of contact rows makes: a builder of the contacts, and, for one thread of a
    /// shared read, where each of its blocks begins (contacts, and values of the client,
    /// channel and partner tables).
    private struct BlockedContacts: Sendable {
        var builder: ContactFrequencyBuilder
        var starts: ParallelImport.BlockStarts
    }

    /// A builder of every remaining row of `reader`, its codes those of the reader's string
    /// tables (not yet named); with `notingBlocks`, noting where each shared block begins.
    private static func contacts(of reader: RecordReader<ContactEvent>, notingBlocks: Bool = false) throws(ImportError) -> BlockedContacts {
        var builder = ContactFrequencyBuilder()
        var starts = ParallelImport.BlockStarts(tables: [0, 2, 3])
        while try reader.nextRow({ row throws(ImportError) -> Bool in
            if notingBlocks { starts.note(reader, rows: builder.count) }
            let client = try row.code(0)
            let day = try row.day(1).daysSince1970
            _ = try ContactEvent.duration(row)
            builder.add(client: client, day: day, channel: row.optionalCode(2), partner: row.optionalCode(3))
            return true
        }) != nil {}
        return BlockedContacts(builder: builder, starts: starts)
    }

    /// Names the codes by the string tables of `cursor`. The tables tell values apart by their
    /// bytes; values that are equal as `String`s ("é" and "e\u{301}") become one client,
    /// channel or partner, as when adding ``ContactEvent``s, since every result is keyed by
    /// `String`.
    private mutating func name(by cursor: ImportCursor) {
        name(clients: cursor.values(table: 0), channels: cursor.values(table: 2), partners: cursor.values(table: 3))
    }

    /// Names the codes by `clients`, `channels` and `partners`, the string tables that numbered
    /// them, as ``name(by:)`` does.
    private mutating func name(clients clientTable: [String], channels channelTable: [String], partners partnerTable: [String]) {
        func merged(_ table: [String], _ codes: inout [Int32]) -> [String] {
            var numbering = StringNumbering()
            numbering.extend(with: table)
            guard numbering.values.count < table.count else { return table }
            for k in codes.indices where codes[k] >= 0 { codes[k] = numbering.number[Int(codes[k])] }
            return numbering.values
        }
        clientNames = merged(clientTable, &clients)
        channelNames = merged(channelTable, &channels)
        partnerNames = merged(partnerTable, &partners)
        clientIndex = [:]
        channelIndex = [:]
        partnerIndex = [:]
        indexesAreStale = true
    }

    /// The number of contacts added.
    public var count: Int { days.count }

    /// The latest contact date, or `nil` without contacts.
    public var latestContact: Day? {
        days.max().map(Day.init(daysSince1970:))
    }

    /// Codes of the clients that have at least one contact, in code order.
    private var contactedClients: [Int32] {
        let seen = contactedMask
        return seen.indices.filter { seen[$0] }.map(Int32.init)
    }

    /// The client ids, indexed by the client codes the per-code answers below use; ids are
    /// distinct as `String`s (see ``name(by:)``).
    var clientIDs: [String] { clientNames }

    /// Whether each client code has at least one contact, at any date.
    var contactedMask: [Bool] {
        var seen = [Bool](repeating: false, count: clientNames.count)
        for client in clients { seen[Int(client)] = true }
        return seen
    }

    /// Contacts in the twelve months to `asOf` per client code (0 for a client with none in
    /// them, or with no contact at all: see ``contactedMask``).
    func trailingCounts(asOf: Day) -> [Int] {
        let start = asOf.adding(months: -12).daysSince1970, end = asOf.daysSince1970
        var counts = [Int](repeating: 0, count: clientNames.count)
        for k in days.indices where days[k] > start && days[k] <= end { counts[Int(clients[k])] += 1 }
        return counts
    }

    /// The day of each client code's last contact on or before `asOf`, in days since
    /// 1970-01-01; `Int32.min` for a client with none.
    func lastContactDays(asOf: Day) -> [Int32] {
        let end = asOf.daysSince1970
        var last = [Int32](repeating: .min, count: clientNames.count)
        for k in days.indices where days[k] <= end { last[Int(clients[k])] = max(last[Int(clients[k])], days[k]) }
        return last
    }

    /// Distinct partners in contact in the twelve months to `asOf` per client code, and
    /// whether any of the client's contacts, at any date, names a partner.
    func partnerCounts(asOf: Day) -> (distinct: [Int], named: [Bool]) {
        var named = [Bool](repeating: false, count: clientNames.count)
        for k in days.indices where partners[k] >= 0 { named[Int(clients[k])] = true }
        var distinct = [Int](repeating: 0, count: clientNames.count)
        for run in partnerRuns(from: asOf.adding(months: -12), through: asOf) { distinct[Int(run.client)] += 1 }
        return (distinct, named)
    }

    /// Contacts in the twelve months to `asOf`, for every client with any contact.
    ///
    /// - Parameter asOf: the last day of the twelve months.
    /// - Returns: contacts per client id; 0 for a client contacted only outside the window.
    /// - Complexity: O(contacts).
    public func trailingContacts(asOf: Day) -> [String: Int] {
        let counts = trailingCounts(asOf: asOf)
        var result: [String: Int] = [:]
        result.reserveCapacity(clientNames.count)
        for code in contactedClients { result[clientNames[Int(code)]] = counts[Int(code)] }
        return result
    }

    /// Days from each client's last contact (on or before `asOf`) to `asOf`.
    ///
    /// - Parameter asOf: "today"; contacts after it are ignored.
    /// - Returns: days per client id, for clients with a contact on or before `asOf`.
    /// - Complexity: O(contacts).
    public func daysSinceLastContact(asOf: Day) -> [String: Int] {
        let end = asOf.daysSince1970
        let last = lastContactDays(asOf: asOf)
        var result: [String: Int] = [:]
        for code in last.indices where last[code] != .min { result[clientNames[code]] = Int(end - last[code]) }
        return result
    }

    /// Distinct partners in contact with each client in the twelve months to `asOf`, for every
    /// client with a contact that names a partner.
    ///
    /// - Parameter asOf: the last day of the twelve months.
    /// - Returns: the number of partners per client id; 0 for a client whose partner contacts
    ///   all fall outside the window.
    /// - Complexity: O(contacts log contacts).
    public func partnersInContact(asOf: Day) -> [String: Int] {
        let (distinct, named) = partnerCounts(asOf: asOf)
        var result: [String: Int] = [:]
        for code in named.indices where named[code] { result[clientNames[code]] = distinct[code] }
        return result
    }

    /// Contacts per (client code, partner) after `start` and up to `end`, in order of client
    /// code (partners in code order within a client), partners named.
    func partnerContactRuns(from start: Day, through end: Day) -> [(client: Int32, partner: String, count: Int)] {
        partnerRuns(from: start, through: end).map { ($0.client, partnerNames[Int($0.partner)], $0.count) }
    }

    /// Contacts per client and partner after `start` and up to `end`.
    func partnerContacts(from start: Day, through end: Day) -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for run in partnerRuns(from: start, through: end) {
            result[clientNames[Int(run.client)], default: [:]][partnerNames[Int(run.partner)]] = run.count
        }
        return result
    }

    /// The contacts naming a partner after `start` and up to `end`, counted per (client,
    /// partner) code pair, in order of client code: one sort of packed pairs instead of a set
    /// or dictionary per client. (Codes name distinct `String`s: see ``name(by:)``.)
    private func partnerRuns(from start: Day, through end: Day) -> [(client: Int32, partner: Int32, count: Int)] {
        let first = start.daysSince1970, last = end.daysSince1970
        var pairs: [UInt64] = []
        for k in days.indices where partners[k] >= 0 && days[k] > first && days[k] <= last {
            pairs.append(UInt64(UInt32(bitPattern: clients[k])) << 32 | UInt64(UInt32(bitPattern: partners[k])))
        }
        pairs.sort()
        var runs: [(client: Int32, partner: Int32, count: Int)] = []
        var k = 0
        while k < pairs.count {
            var next = k + 1
            while next < pairs.count && pairs[next] == pairs[k] { next += 1 }
            runs.append((Int32(bitPattern: UInt32(pairs[k] >> 32)), Int32(bitPattern: UInt32(truncatingIfNeeded: pairs[k])), next - k))
            k = next
        }
        return runs
    }

    /// Contacts per client and year, and the clients contacted less often than `threshold` in
    /// the twelve months to `asOf`.
    ///
    /// Degenerate input: no contacts gives no years and zero counts; billed clients are then all
    /// listed as never contacted. With no contact, no billing and no `asOf`, there is nothing to
    /// date "today" by, and it is 1970-01-01.
    ///
    /// - Parameters:
    ///   - asOf: "today"; `nil` means the end of the billing window, else the latest contact.
    ///   - threshold: contacts in twelve months below which a client is listed; 10 by default.
    ///   - billing: trailing-twelve-month billing per client, to rank and widen the list.
    /// - Complexity: O(contacts) when the contacts were added client by client in date order,
    ///   as exports list them, else O(contacts × log contacts) for one sort of their positions;
    ///   plus a sort of the clients listed.
    public func frequency(asOf: Day? = nil, threshold: Int = 10, billing: ClientBillingWindow? = nil) -> ContactFrequency {
        let asOf = asOf ?? billing?.window.upperBound ?? latestContact ?? Day(daysSince1970: 0)
        let years = clientYears()
        let trailing = trailingContacts(asOf: asOf)
        let last = daysSinceLastContact(asOf: asOf)
        var universe = Set(trailing.filter { $0.value > 0 }.keys)
        if let billing { universe.formUnion(billing.totals.filter { $0.value.minorUnits > 0 }.keys) }
        let below = universe.compactMap { client -> UnderContactedClient? in
            let contacts = trailing[client] ?? 0
            guard contacts < threshold else { return nil }
            return UnderContactedClient(clientID: client, contacts: contacts, daysSinceLastContact: last[client],
                                        trailingBilling: billing?.total(for: client))
        }.sorted { a, b in
            let va = a.trailingBilling ?? .zero, vb = b.trailingBilling ?? .zero
            if va != vb { return va > vb }
            if a.contacts != b.contacts { return a.contacts < b.contacts }
            return a.clientID.precedesInCodePointOrder(b.clientID)
        }
        return ContactFrequency(asOf: asOf, threshold: threshold, years: years, belowThreshold: below,
                                clients: contactedClients.count, contacts: days.count)
    }

    /// Contacts per client and calendar year, by channel and by partner, by client id then year.
    ///
    /// The contacts are grouped by (client, year) with one sort of their positions (exports
    /// list a client's contacts together and in date order, so the sort is mostly a check),
    /// and each group's channels and partners are counted in arrays indexed by code.
    private func clientYears() -> [ClientContactYear] {
        var keys = [Int64](repeating: 0, count: days.count)
        var yearStart = Int32.max, yearEnd = Int32.min, year = 0
        for k in days.indices {
            let day = days[k]
            if day < yearStart || day > yearEnd {
                year = Day(daysSince1970: day).year
                yearStart = Day(year: year, month: 1, day: 1)?.daysSince1970 ?? day
                yearEnd = Day(year: year, month: 12, day: 31)?.daysSince1970 ?? day
            }
            // The year in the low 32 bits as they are, so that a year before 1 keeps the client's bits.
            keys[k] = Int64(clients[k]) << 32 | Int64(UInt32(truncatingIfNeeded: year))
        }
        var order = Array(keys.indices)
        if zip(keys, keys.dropFirst()).contains(where: { $0 > $1 }) {
            order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        }
        // Counts by code + 1 (0 is "none"), and the codes a group touched, to reset them.
        var channelCounts = [Int](repeating: 0, count: channelNames.count + 1)
        var partnerCounts = [Int](repeating: 0, count: partnerNames.count + 1)
        var touchedChannels: [Int] = [], touchedPartners: [Int] = []
        func label(_ slot: Int, _ names: [String]) -> String { slot > 0 ? names[slot - 1] : "(none)" }
        var years: [ClientContactYear] = []
        var group = 0
        while group < order.count {
            let key = keys[order[group]]
            var end = group
            while end < order.count && keys[order[end]] == key {
                let k = order[end]
                let channel = Int(channels[k]) + 1, partner = Int(partners[k]) + 1
                if channelCounts[channel] == 0 { touchedChannels.append(channel) }
                channelCounts[channel] += 1
                if partnerCounts[partner] == 0 { touchedPartners.append(partner) }
                partnerCounts[partner] += 1
                end += 1
            }
            years.append(ClientContactYear(clientID: clientNames[Int(key >> 32)], year: Int(Int32(truncatingIfNeeded: key)), contacts: end - group,
                                           byChannel: Self.counts(touchedChannels.map { (label($0, channelNames), channelCounts[$0]) }),
                                           byPartner: Self.counts(touchedPartners.map { (label($0, partnerNames), partnerCounts[$0]) }),
                                           distinctPartners: touchedPartners.filter { $0 > 0 }.count))
            for slot in touchedChannels { channelCounts[slot] = 0 }
            for slot in touchedPartners { partnerCounts[slot] = 0 }
            touchedChannels.removeAll(keepingCapacity: true)
            touchedPartners.removeAll(keepingCapacity: true)
            group = end
        }
        return years.sorted { $0.clientID != $1.clientID ? $0.clientID.precedesInCodePointOrder($1.clientID) : $0.year < $1.year }
    }

    private static func counts(_ pairs: [(String, Int)]) -> [LabelCount] {
        pairs.map { LabelCount(label: $0.0, count: $0.1) }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label.precedesInCodePointOrder($1.label) }
    }
}

/// A contact log read straight from an export, with what the import saw.
public struct ContactLog: Sendable {
    /// Every accepted contact, ready for ``ContactFrequencyBuilder/frequency(asOf:threshold:billing:)``.
    public var builder: ContactFrequencyBuilder
    /// What the import read, accepted and rejected.
    public var importSummary: ImportSummary
}
