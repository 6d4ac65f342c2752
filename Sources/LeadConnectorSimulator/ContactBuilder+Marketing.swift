/// Do-not-disturb settings, tags and marketing attribution.
extension ContactBuilder {
    static let dndChannels = ["Call", "Email", "SMS", "WhatsApp", "GMB", "FB"]
    static let unknownDNDChannels = ["RCS", "Voicemail", "InstagramDM"]
    static let dndStatuses = ["active", "inactive", "permanent"]

    static let attributionKeys = [
        "url", "campaign", "utmSource", "utmMedium", "utmContent", "utmTerm", "utmCampaign", "referrer",
        "sessionSource", "medium", "mediumId", "fbclid", "gclid", "isFirst", "isLast",
    ]
    static let attributionSourceKeys = [
        "campaignId", "msclikid", "dclid", "fbc", "fbp", "fbEventId", "userAgent", "ip", "adId",
    ]
    static let unknownAttributionKeys = ["utmSessionSource", "adSource", "utmKeyword", "landingPageTitle"]

    mutating func addDoNotDisturb() {
        let dnd = rng.unit()
        if dnd < 0.85 {
            add("dnd", .bool(rng.chance(0.2)))
        } else if dnd < 0.95 {
            add("dnd", .null)
        }
        let settings = rng.unit()
        if settings < 0.55 {
            var channels: [JSONMember] = []
            for channel in Self.dndChannels where rng.chance(0.5) {
                channels.append(JSONMember(channel, dndSetting(statuses: Self.dndStatuses)))
            }
            if rng.chance(0.12) {
                channels.append(JSONMember(rng.pick(Self.unknownDNDChannels), dndSetting(statuses: Self.dndStatuses)))
            }
            add("dndSettings", .object(channels))
        } else if settings < 0.6 {
            add("dndSettings", .null)
        }
        let inbound = rng.unit()
        if inbound < 0.25 {
            add(
                "inboundDndSettings",
                .object([JSONMember("all", dndSetting(statuses: ["active", "inactive"], hasCode: false))]))
        } else if inbound < 0.3 {
            add("inboundDndSettings", .null)
        }
    }

    private mutating func dndSetting(statuses: [String], hasCode: Bool = true) -> JSONValue {
        var members = [JSONMember("status", .string(rng.pick(statuses)))]
        if rng.chance(0.5) {
            members.append(JSONMember("message", .string(rng.pick(["", "STOP received", "Unsubscribed by user"]))))
        }
        if hasCode && rng.chance(0.4) {
            members.append(JSONMember("code", .string(rng.pick(["", "21610", "30007"]))))
        }
        return .object(members)
    }

    mutating func addTags() {
        let shape = rng.unit()
        if isLarge {
            var tags = rng.sample(SampleData.tags, count: 6).map(JSONValue.string)
            for index in 0..<rng.int(in: 200...600) {
                tags.append(.string("segment-\(index)-" + rng.pick(SampleData.words)))
            }
            add("tags", .array(tags))
        } else if shape < 0.75 {
            let tags = rng.sample(SampleData.tags, count: rng.int(in: 1...6))
            add("tags", .array(tags.map(JSONValue.string)))
        } else if shape < 0.85 {
            add("tags", .array([]))
        } else if shape < 0.88 {
            add("tags", .null)
        }
    }

    mutating func addAttributions() {
        let shape = rng.unit()
        if shape < 0.55 {
            let items = (0..<rng.int(in: 0...3)).map { index in
                attribution(keys: Self.attributionKeys, isFirst: index == 0)
            }
            add("attributions", .array(items))
        } else if shape < 0.6 {
            add("attributions", .null)
        }
        if rng.chance(0.4) {
            add(
                "attributionSource", attribution(keys: Self.attributionKeys + Self.attributionSourceKeys, isFirst: true)
            )
        }
        if rng.chance(0.35) {
            add(
                "lastAttributionSource",
                attribution(keys: Self.attributionKeys + Self.attributionSourceKeys, isFirst: false))
        }
    }

    private mutating func attribution(keys: [String], isFirst: Bool) -> JSONValue {
        var members: [JSONMember] = []
        for key in keys where rng.chance(0.45) {
            let value: JSONValue
            switch key {
            case "isFirst": value = .bool(isFirst)
            case "isLast": value = .bool(!isFirst)
            default:
                let draw = rng.unit()
                value = draw < 0.75 ? .string(attributionValue(for: key)) : (draw < 0.9 ? .null : .string("null"))
            }
            members.append(JSONMember(key, value))
        }
        if rng.chance(0.2) {
            members.append(
                JSONMember(
                    rng.pick(Self.unknownAttributionKeys),
                    .string(rng.pick(["Paid Social", "facebook", "Direct traffic"]))))
        }
        return .object(members)
    }

    private mutating func attributionValue(for key: String) -> String {
        switch key {
        case "url":
            return rng.pick([
                "https://example.com/landing", "https://example.com/landing?utm_source=google&utm_medium=cpc",
                "https://example.org/ü?q=\"x\"",
            ])
        case "referrer": return rng.pick(["https://www.google.com/", "https://m.facebook.com/", ""])
        case "sessionSource":
            return rng.pick(["Paid Search", "Paid Social", "CRM UI", "Direct traffic", "Organic Search"])
        case "medium": return rng.pick(["form", "facebook", "manual", "survey", "calendar"])
        case "mediumId", "campaignId", "adId", "fbEventId": return rng.identifier()
        case "gclid", "fbclid", "msclikid", "dclid", "fbc", "fbp": return "Cj0" + rng.identifier(length: 30)
        case "ip": return "\(rng.int(in: 1...223)).\(rng.int(below: 256)).\(rng.int(below: 256)).\(rng.int(below: 256))"
        case "userAgent": return "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
        default:
            return rng.pick([
                "google", "cpc", "Spring Promo", "Instant Form Campaign", "newsletter", "😀 emoji campaign",
            ])
        }
    }
}
