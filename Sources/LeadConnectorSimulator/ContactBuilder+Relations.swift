/// Related people and records, rarely seen fields, and fields the documentation never mentions.
extension ContactBuilder {
    mutating func addRelations() {
        if rng.chance(0.2) {
            let emails = (0..<rng.int(in: 0...3)).map { index in
                "alt\(index)." + rng.pick(SampleData.emailLocals) + "@example.com"
            }
            let asObjects = rng.chance(0.5)
            add(
                "additionalEmails",
                .array(emails.map { asObjects ? .object([JSONMember("email", .string($0))]) : .string($0) }))
        }
        if rng.chance(0.15) {
            let phones = (0..<rng.int(in: 1...2)).map { _ in
                JSONValue.object([
                    JSONMember("phone", .string(rng.pick(SampleData.phones))),
                    JSONMember(
                        "phoneLabel", rng.chance(0.8) ? .string(rng.pick(["Work", "Home", "Mobile", "Büro"])) : .null),
                ])
            }
            add("additionalPhones", .array(phones))
        }
        if rng.chance(0.3) {
            add("followers", .array(rng.sample(SampleData.users, count: rng.int(in: 0...3)).map(JSONValue.string)))
        }
        if rng.chance(0.5) {
            let timestamp =
                CivilTime.year2018 + Int64(rng.int(below: 2_500)) * CivilTime.day
                + Int64(rng.int(below: Int(CivilTime.day)))
            add(
                "createdBy",
                .object([
                    JSONMember("source", .string(rng.pick(["WEB_USER", "INTEGRATION", "PUBLIC_API", "MOBILE_APP"]))),
                    JSONMember("channel", .string(rng.pick(["APP", "API", "OAUTH"]))),
                    JSONMember("sourceId", rng.chance(0.9) ? .string(rng.pick(SampleData.users)) : .null),
                    JSONMember("timestamp", .string(CivilTime.iso8601(epochMilliseconds: timestamp))),
                ]))
        }
    }

    mutating func addRareFields() {
        if rng.chance(0.15) { add("businessId", .string(rng.hex(length: 24))) }
        if rng.chance(0.1) { add("visitorId", .string(rng.identifier())) }
        if rng.chance(0.05) { add("keyword", .string(rng.pick(["", "pricing", "демо"]))) }
        if rng.chance(0.02) { add("ssn", .string("000-00-\(rng.int(in: 1000...9999))")) }
        if rng.chance(0.3) {
            add("lastActivity", .integer(CivilTime.year2018 + Int64(rng.int(below: 2_800)) * CivilTime.day))
        }
        if rng.chance(0.05) { add("attachments", rng.chance(0.5) ? .string("") : .array([])) }
    }

    /// Never-documented fields, as new releases of the real API add them without notice.
    mutating func addUnknownFields() {
        if rng.chance(0.08) {
            add(
                "someFieldAddedNextYear",
                .object([JSONMember("nested", .array([.int(1), .object([JSONMember("x", .null)])]))]))
        }
        if rng.chance(0.08) {
            add(
                "opportunities",
                .array([
                    .object([
                        JSONMember("id", .string(rng.identifier())),
                        JSONMember("pipelineId", .string(rng.identifier())),
                        JSONMember("status", .string(rng.pick(["open", "won", "lost"]))),
                        JSONMember("monetaryValue", .decimal(Double(rng.int(in: 0...100_000)) / 10)),
                    ])
                ]))
        }
        if rng.chance(0.08) {
            add(
                "searchAfter",
                .array([.integer(CivilTime.year2018 + Int64(rng.int(below: 1_000_000_000))), .string(id)]))
        }
        if rng.chance(0.08) {
            let leaves: [JSONValue] = [
                .bool(true), .bool(false), .null, .decimal(1.5), .string("s"), .array([.array([])]), .object([]),
            ]
            add("properties", .object([JSONMember("a", .object([JSONMember("b", .array(leaves))]))]))
        }
        if rng.chance(0.05) { add("customFieldsV2", .array([])) }
    }
}
