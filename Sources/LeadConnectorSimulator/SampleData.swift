/// The word lists the contact generator draws from.
///
/// They are deliberately awkward: non-Latin scripts, right-to-left text, emoji, combining marks, quotes,
/// backslashes and control characters, so a client that escapes or decodes carelessly breaks on them.
enum SampleData {
    /// The simulated sub-account; every contact belongs to it.
    static let locationID = "ve9EPM428h8vShlRW1KT"

    static let firstNames = [
        "John", "Mary", "Zoë", "Søren", "José", "María", "Björk", "Łukasz", "François", "Chloé", "Aoife", "Nguyễn",
        "陳", "さくら", "민준", "محمد", "דוד", "Олег", "Ñuño", "Renée", "Siobhán", "Kwame", "Priya", "Ahmet",
        "Jean-Luc", "Mary Ann", "D'Arcy", "Ana\u{301}",
    ]

    static let lastNames = [
        "Doe", "Smith", "O'Brien", "Müller", "Muñoz", "Øster", "García", "李", "田中", "김", "عبدالله", "כהן", "Иванов",
        "van der Berg", "Nguyễn", "Ólafsdóttir", "Dvořák", "Ramírez-López", "Okafor", "Nakamura", "Brontë",
    ]

    /// Names that need escaping or careful display; drawn only now and then.
    static let awkwardNames = [
        "Tab\tSeparated", "Line\nBreak", "Ctrl\u{01}Char", "Back\\Slash", "Dwayne \"The Rock\"", "🦄 Unicorn",
        "Bell\u{07}", "Null\u{00}Byte", "  padded  ", "😀😀", "\u{202E}evil", "Form\u{0C}Feed", "CR\rLF",
    ]

    static let emailLocals = [
        "john.doe", "mary", "zoe.obrien", "soren", "jose.munoz", "info", "sales", "a.b+tag", "x_y",
    ]
    static let emailDomains = ["example.com", "example.org", "mail.example.net", "example.co.uk", "sub.example.io"]

    static let timezones = [
        "America/Chicago", "America/New_York", "America/Los_Angeles", "Europe/London", "Europe/Berlin",
        "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo", "Asia/Jerusalem", "UTC",
    ]

    static let companies = [
        "Acme Corp", "Smith & Sons", "Café \"Le Bon\"", "株式会社テスト", "Back\\Slash LLC", "Tab\tCo", "Øresund ApS",
        "<script>alert(1)</script> Inc", "Müller GmbH", "O'Reilly Media", "שלום בע\"מ", "🚀 Rocket Labs",
    ]

    static let phones = [
        "+1 555-123-4567", "+18832327657", "+44 20 7946 0958", "(512) 555-0199", "+4915112345678", "+81 3-1234-5678",
        "+972 50-123-4567", "555 0100 ext. 12",
    ]

    static let sources = ["api", "Facebook Lead Ad", "form", "manual", "CSV import", "zapier", "chat widget", "公式サイト"]

    static let addresses = [
        "123 Main St", "Apt 4\nBuilding B", "Calle Mayor 5, 2º", "1-2-3 Shibuya", "Flat \"C\"", "PO Box 42",
        "Hauptstraße 7", "רחוב הרצל 10",
    ]

    /// City, state, country, postal code: drawn together so the address is coherent.
    static let places: [(city: String, state: String, country: String, postalCode: String)] = [
        ("Austin", "TX", "US", "78701"), ("Boston", "MA", "US", "02108"), ("London", "", "GB", "SW1A 1AA"),
        ("München", "Bayern", "DE", "80331"), ("東京", "東京都", "JP", "100-0001"), ("São Paulo", "SP", "BR", "01310-100"),
        ("Tel Aviv", "", "IL", "6100000"), ("Québec", "QC", "CA", "G1R 4P5"),
    ]

    static let websites = [
        "https://example.com", "http://example.org/path?q=1&r=2", "example.net", "https://xn--bcher-kva.example",
    ]

    static let tags = [
        "customer", "vip", "VIP", "Vip", "newsletter", "a,b", "🔥hot", "lead-form", "tag with spaces", "ñandú", "顧客",
        "quote\"tag", "back\\slash", "  trailing space ", "cold", "webinar-2024", "do not call",
    ]

    static let users = ["y0BeYjuRIlDwsDcOHOJo", "user_abc123", "Kq3XbT9LmZr2PvW8sNcY", "A1b2C3d4E5f6G7h8I9j0"]

    static let textValues = [
        "gate code 1234", "Enterprise", "He said \"hi\"", "C:\\Users\\zoe", "line one\nline two", "ctrl\u{01}char",
        "日本語のテキスト", "🔥🔥🔥", "مرحبا بالعالم", "tab\there", "", " ", "null", "0", "true",
    ]

    static let options = ["Pending", "Approved", "Rejected", "Option, with comma", "Ünïcödé", "Other"]

    static let words = [
        "lorem", "ipsum", "dolor", "sit", "amet", "café", "naïve", "Zoë", "日本", "😀", "שלום", "\"quoted\"",
        "back\\slash", "tab\tbed", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor",
    ]

    static let mimeTypes: [(type: String, extension: String)] = [
        ("image/jpeg", "jpg"), ("application/pdf", "pdf"), ("image/png", "png"), ("text/csv", "csv"),
    ]
}
