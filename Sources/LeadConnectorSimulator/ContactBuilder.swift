/// Builds one simulated contact, drawing every choice from a generator seeded by the contact id.
///
/// Sections are added in a fixed order and each draws a fixed sequence of numbers, so the same id always
/// yields the same members in the same order. The `ContactBuilder+…` files hold the individual sections.
struct ContactBuilder {
    /// How a field that may be absent is rendered.
    enum FieldShape: Equatable {
        case value, missing, null, empty
    }

    let id: String
    let isLarge: Bool
    var rng: SplitMix64
    private(set) var members: [JSONMember] = []

    init(id: String) {
        self.id = id
        self.isLarge = ContactGenerator.isLarge(id)
        self.rng = SplitMix64(seed: FNV1a.hash(id, purpose: "contact"))
    }

    /// The complete `contact` object.
    mutating func build() -> JSONValue {
        add("id", .string(id))
        add("locationId", .string(SampleData.locationID))
        addIdentity()
        addContactDetails()
        addDoNotDisturb()
        addClassification()
        addAddress()
        addTags()
        addDates()
        addCustomFields()
        addAttributions()
        addRelations()
        addRareFields()
        addUnknownFields()
        return .object(members)
    }

    mutating func add(_ key: String, _ value: JSONValue) {
        members.append(JSONMember(key, value))
    }

    /// Draws a shape: `present` of the time a value, the rest split 4:3:3 between missing, null and empty.
    mutating func shape(present: Double) -> FieldShape {
        let draw = rng.unit()
        if draw < present { return .value }
        let rest = (draw - present) / (1 - present)
        if rest < 0.4 { return .missing }
        return rest < 0.7 ? .null : .empty
    }

    /// Adds `value` under `key`, or leaves the key out, or adds `null`, or adds `""`.
    mutating func addOptional(_ key: String, _ value: JSONValue, present: Double = 0.75) {
        switch shape(present: present) {
        case .value: add(key, value)
        case .missing: break
        case .null: add(key, .null)
        case .empty: add(key, .string(""))
        }
    }

    private mutating func addIdentity() {
        let first = rng.chance(0.06) ? rng.pick(SampleData.awkwardNames) : rng.pick(SampleData.firstNames)
        let last = rng.chance(0.04) ? rng.pick(SampleData.awkwardNames) : rng.pick(SampleData.lastNames)
        let full = first + " " + last
        addOptional("name", .string(full), present: 0.85)
        addOptional("firstName", .string(first), present: 0.8)
        addOptional("lastName", .string(last), present: 0.75)
        if rng.chance(0.4) {
            add("firstNameLowerCase", .string(first.lowercased()))
            add("lastNameLowerCase", .string(last.lowercased()))
            add("fullNameLowerCase", .string(full.lowercased()))
        }
    }

    private mutating func addContactDetails() {
        let number = rng.chance(0.5) ? String(rng.int(in: 1...999)) : ""
        let local = rng.pick(SampleData.emailLocals) + number
        let domain = rng.pick(SampleData.emailDomains)
        let email =
            rng.chance(0.15)
            ? local.prefix(1).uppercased() + local.dropFirst() + "@" + domain.uppercased() : local + "@" + domain
        addOptional("email", .string(email), present: 0.8)
        addOptional("emailLowerCase", .string(email.lowercased()), present: 0.6)
        addOptional("timezone", .string(rng.pick(SampleData.timezones)), present: 0.7)
        addOptional("companyName", .string(rng.pick(SampleData.companies)), present: 0.5)
        addOptional("phone", .string(rng.pick(SampleData.phones)), present: 0.7)
    }

    private mutating func addClassification() {
        let type = rng.unit()
        if type < 0.6 {
            add("type", .string("lead"))
        } else if type < 0.9 {
            add("type", .string("customer"))
        } else if type < 0.95 {
            add("type", .null)
        }
        addOptional("source", .string(rng.pick(SampleData.sources)), present: 0.7)
        addOptional("assignedTo", .string(rng.pick(SampleData.users)), present: 0.5)
    }

    private mutating func addAddress() {
        let place = rng.pick(SampleData.places)
        addOptional("address1", .string(rng.pick(SampleData.addresses)), present: 0.55)
        addOptional("city", .string(place.city), present: 0.6)
        addOptional("state", .string(place.state), present: 0.55)
        addOptional("country", .string(place.country), present: 0.65)
        addOptional("postalCode", .string(place.postalCode), present: 0.55)
        addOptional("website", .string(rng.pick(SampleData.websites)), present: 0.3)
    }

    private mutating func addDates() {
        let birthYear = Int64(rng.int(in: 1930...2008))
        let birth = CivilTime.epochMilliseconds(
            year: birthYear, month: Int64(rng.int(in: 1...12)), day: Int64(rng.int(in: 1...28)))
        let shape = rng.unit()
        if shape < 0.2 {
            add("dateOfBirth", .string(CivilTime.date(epochMilliseconds: birth)))
        } else if shape < 0.35 {
            add("dateOfBirth", .string(CivilTime.iso8601(epochMilliseconds: birth)))
        } else if shape < 0.55 {
            add("dateOfBirth", .integer(birth))
        } else if shape < 0.65 {
            add("dateOfBirth", .null)
        } else if shape < 0.68 {
            add("dateOfBirth", .string(""))
        }
        let span = CivilTime.october2025 - CivilTime.year2018
        let added = CivilTime.year2018 + Int64(rng.int(below: Int(span)))
        let updated = added + Int64(rng.int(below: Int(400 * CivilTime.day)))
        addOptional("dateAdded", .string(CivilTime.iso8601(epochMilliseconds: added)), present: 0.97)
        addOptional("dateUpdated", .string(CivilTime.iso8601(epochMilliseconds: updated)), present: 0.8)
    }
}
