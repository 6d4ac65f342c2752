/// One custom field definition as stored in `custom_field_definitions`.
public struct CustomFieldDefinitionRow: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var fieldKey: String?
    public var dataType: String?
    /// The `picklistOptions` JSON array as sent, nil when absent.
    public var picklistOptionsJSON: String?
    public var position: Int64?
    public var rawJSON: String

    public init(
        id: String, name: String?, fieldKey: String?, dataType: String?, picklistOptionsJSON: String?,
        position: Int64?, rawJSON: String
    ) {
        self.id = id
        self.name = name
        self.fieldKey = fieldKey
        self.dataType = dataType
        self.picklistOptionsJSON = picklistOptionsJSON
        self.position = position
        self.rawJSON = rawJSON
    }
}
