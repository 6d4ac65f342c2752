/// Deterministic realistic contacts generated from the id (pure, no I/O).
///
/// Every decision is drawn from a SplitMix64 generator seeded with the FNV-1a hash of the id, so the same id
/// yields byte-identical JSON in every run and on every platform. Across many ids the contacts cover every
/// payload shape the real API is known to return: missing, `null` and empty fields, three `dateOfBirth`
/// shapes, every custom-field value type, unknown DND channels and keys, and a few very large contacts.
package enum ContactGenerator {
    /// Whether the simulated location has a contact with this id (~3% of ids do not, decided by a hash of the id).
    ///
    /// Ids that are not 1–64 ASCII letters or digits never exist.
    package static func exists(_ id: String) -> Bool {
        isWellFormed(id) && FNV1a.hash(id, purpose: "exists") % 1000 >= 30
    }

    /// The `contact` object as JSON text for an existing id.
    package static func contactJSON(id: String) -> String {
        contactValue(id: id).text
    }

    /// The whole 200 body: `{"contact": <contactJSON>, "traceId": "<uuid derived from id>"}`, or nil when the id
    /// does not exist.
    package static func responseBody(id: String) -> String? {
        guard exists(id) else { return nil }
        return "{\"contact\":" + contactJSON(id: id) + ",\"traceId\":\"" + traceID(for: id) + "\"}"
    }

    /// How a missing id is answered (deterministic by id): 400, 404, or 422 with message as an ARRAY of strings.
    ///
    /// About 60% get 400 `{"statusCode":400,"message":"Contact with id X not found","error":"Bad Request"}`, 25% get
    /// 404 and 15% get 422; ids that are not well formed are always answered 422.
    package static func missingResponse(id: String) -> (status: Int, body: String) {
        let draw = FNV1a.hash(id, purpose: "missing") % 100
        if !isWellFormed(id) || draw >= 85 {
            return (
                422, #"{"statusCode":422,"message":["contactId must be a valid id"],"error":"Unprocessable Entity"}"#
            )
        }
        if draw < 60 {
            let message = JSONValue.quoted("Contact with id \(id) not found")
            return (400, #"{"statusCode":400,"message":"# + message + #","error":"Bad Request"}"#)
        }
        return (404, #"{"statusCode":404,"message":"Contact not found","error":"Not Found"}"#)
    }

    /// `count` distinct realistic ids (20 chars of [A-Za-z0-9]) from a seed; about 3% of them do not exist.
    package static func ids(count: Int, seed: UInt64 = 42) -> [String] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<String>()
        var ids: [String] = []
        ids.reserveCapacity(count)
        while ids.count < count {
            let id = rng.identifier()
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    /// The seed of the simulated location's contact ids (distinct from ``ids(count:seed:)``'s default).
    package static let locationSeed: UInt64 = 0x10CA_7104

    /// The first `count` distinct existing ids drawn from ``locationSeed``: the contacts `POST /contacts/search`
    /// finds in the simulated location when it holds `count` contacts.
    package static func locationContactIDs(count: Int) -> [String] {
        locationContactIDs(count: count, seed: locationSeed)
    }

    /// The first `count` distinct existing ids drawn from `seed` (each simulated location has its own).
    static func locationContactIDs(count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<String>()
        var ids: [String] = []
        ids.reserveCapacity(max(count, 0))
        while ids.count < count {
            let id = rng.identifier()
            if exists(id), seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    /// The `contact` object with its `dateUpdated` set to `dateUpdatedMilliseconds` (replacing the generated one,
    /// or added after `dateAdded` when the contact had none): how a contact of the simulated location is sent.
    package static func contactJSON(id: String, dateUpdatedMilliseconds: Int64, locationID: String = SampleData.locationID) -> String {
        guard case .object(var members) = contactValue(id: id) else { return contactJSON(id: id) }
        if locationID != SampleData.locationID { members = members.map { relocated($0, to: locationID) } }
        let updated = JSONMember("dateUpdated", .string(CivilTime.iso8601(epochMilliseconds: dateUpdatedMilliseconds)))
        if let index = members.firstIndex(where: { $0.key == "dateUpdated" }) {
            members[index] = updated
        } else if let index = members.firstIndex(where: { $0.key == "dateAdded" }) {
            members.insert(updated, at: index + 1)
        } else {
            members.append(updated)
        }
        return JSONValue.object(members).text
    }

    /// The `contact` object of a location contact that has not been marked updated (what a fresh simulator
    /// with the id in its location answers).
    package static func locationContactJSON(id: String) -> String {
        contactJSON(id: id, dateUpdatedMilliseconds: SimulatorLocation.initialUpdatedMilliseconds(id))
    }

    /// A member of a contact of the default location as a contact of `location` has it: its `locationId`, and
    /// its custom fields' ids (every location has its own definitions).
    private static func relocated(_ member: JSONMember, to location: String) -> JSONMember {
        switch member.key {
        case "locationId":
            return JSONMember("locationId", .string(location))
        case "customFields":
            guard case .array(let fields) = member.value else { return member }
            return JSONMember("customFields", .array(fields.map { field in
                guard case .object(let parts) = field else { return field }
                return .object(parts.map { part in
                    guard part.key == "id", case .string(let id) = part.value else { return part }
                    return JSONMember("id", .string(CustomFieldDefinition.fieldID(id, in: location)))
                })
            }))
        default:
            return member
        }
    }

    /// Like ``responseBody(id:)`` with the contact's `dateUpdated` set as ``contactJSON(id:dateUpdatedMilliseconds:)``
    /// sets it.
    static func responseBody(id: String, dateUpdatedMilliseconds: Int64, locationID: String = SampleData.locationID) -> String? {
        guard exists(id) else { return nil }
        return "{\"contact\":" + contactJSON(id: id, dateUpdatedMilliseconds: dateUpdatedMilliseconds, locationID: locationID)
            + ",\"traceId\":\"" + traceID(for: id) + "\"}"
    }

    /// Whether `id` looks like an id the API would look up: 1–64 ASCII letters or digits.
    static func isWellFormed(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            }
    }

    /// Whether the contact for `id` is one of the very large ones (about 1 in 40).
    static func isLarge(_ id: String) -> Bool {
        FNV1a.hash(id, purpose: "large") % 40 == 0
    }

    /// The contact as a JSON tree (the tests inspect its shapes).
    static func contactValue(id: String) -> JSONValue {
        var builder = ContactBuilder(id: id)
        return builder.build()
    }

    /// The `traceId` sent with the contact: a version-4 UUID derived from the id.
    static func traceID(for id: String) -> String {
        var rng = SplitMix64(seed: FNV1a.hash(id, purpose: "trace"))
        return rng.uuid()
    }
}
