/** Word lists for the demo CRM: plain data, no logic. */
export const COMPANY_STEMS = [
  "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne",
  "Aperture", "Black Mesa", "Gringotts", "Monarch", "Oscorp", "Pied Piper", "Massive Dynamic", "Nakatomi", "Virtucon",
  "Blue Sun", "Weyland", "Dunder", "Prestige", "Sterling", "Bluth", "Krusty", "Duff", "Nordwind", "Alpenblick", "Solaris",
  "Iberia Data", "Lumen", "Quantic", "Helix", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum",
];
export const COMPANY_SUFFIXES = ["Inc.", "GmbH", "Ltd", "LLC", "S.L.", "SAS", "Corp", "AG", "Labs", "Group", "Systems", "Analytics"];
export const INDUSTRIES = ["retail", "fintech", "healthcare", "manufacturing", "edtech", "logistics", "media", "saas"];
export const SEGMENTS = ["smb", "mid-market", "enterprise"] as const;
export const PLANS = ["basic", "pro", "enterprise"] as const;
export const COUNTRIES = [
  { code: "US", lang: "en", dial: "1" }, { code: "GB", lang: "en", dial: "44" }, { code: "DE", lang: "de", dial: "49" },
  { code: "ES", lang: "es", dial: "34" }, { code: "FR", lang: "fr", dial: "33" }, { code: "IN", lang: "en", dial: "91" },
] as const;
export const FIRST_NAMES = ["Ana", "Ben", "Chloé", "David", "Elif", "Farah", "Georg", "Hana", "Iván", "Julia", "Kenji", "Lena", "Marco", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Victor", "Wen", "Yusuf", "Zoe"];
export const LAST_NAMES = ["Ruiz", "Müller", "Smith", "Dubois", "Kaya", "Khan", "Schmidt", "Tanaka", "García", "Rossi", "Novak", "Patel", "Nguyen", "Berg", "Costa", "Haddad"];
export const TITLES = ["CTO", "VP Engineering", "Head of Operations", "IT Manager", "CFO", "Product Manager", "Data Analyst", "CEO", "Procurement Lead"];
export const LEAD_SOURCES = ["webinar", "website", "referral", "trade-show", "paid-search", "partner", "cold-outbound"];
export const PRODUCTS = ["billing", "reports", "api", "integrations", "sso", "mobile"];
export const QUEUES = ["Billing and Payments", "Technical Support", "Account Management", "Product Feedback", "Onboarding"] as const;

/** Ticket templates per queue and language: subject, body. */
export const TICKET_TEMPLATES: Record<(typeof QUEUES)[number], Record<string, [string, string][]>> = {
  "Billing and Payments": {
    en: [["Invoice charged twice", "We were charged twice for the March invoice. Please refund the duplicate payment."], ["Wrong VAT on invoice", "Our invoice shows the wrong VAT rate, can you reissue it?"]],
    de: [["Rechnung doppelt belastet", "Die Rechnung für März wurde zweimal abgebucht. Bitte erstatten Sie die doppelte Zahlung."]],
    es: [["Cobro duplicado", "Nos han cobrado dos veces la factura de marzo. Por favor, devuelvan el pago duplicado."]],
    fr: [["Facture débitée deux fois", "Notre facture de mars a été prélevée deux fois. Merci de rembourser le doublon."]],
  },
  "Technical Support": {
    en: [["Export broken", "The CSV export fails with a timeout since the last release."], ["API returns 500", "Our integration gets HTTP 500 from the orders endpoint since this morning."], ["SSO login loop", "Users are stuck in a login loop after enabling SSO."]],
    de: [["Export funktioniert nicht", "Der CSV-Export bricht seit dem letzten Update mit einem Timeout ab."], ["API liefert Fehler 500", "Unsere Integration bekommt seit heute früh HTTP 500."]],
    es: [["La exportación falla", "La exportación CSV falla con un timeout desde la última versión."]],
    fr: [["Erreur API 500", "Notre intégration reçoit des erreurs HTTP 500 depuis ce matin."]],
  },
  "Account Management": {
    en: [["Add seats", "We need 20 more seats before the end of the month."], ["Cancel subscription", "We are considering cancelling at renewal, please call us."]],
    de: [["Vertrag kündigen", "Wir überlegen, zum Vertragsende zu kündigen. Bitte rufen Sie uns an."]],
    es: [["Ampliar licencias", "Necesitamos 10 licencias más para el nuevo equipo."]],
    fr: [["Résiliation", "Nous envisageons de résilier à l'échéance, merci de nous contacter."]],
  },
  "Product Feedback": {
    en: [["Feature request: dashboards", "It would help a lot to share dashboards with external users."]],
    de: [["Wunsch: Dashboards teilen", "Es wäre hilfreich, Dashboards mit externen Nutzern zu teilen."]],
    es: [["Sugerencia de informes", "Sería útil programar informes semanales por correo."]],
    fr: [["Suggestion : rapports", "Il serait utile de programmer des rapports hebdomadaires."]],
  },
  Onboarding: {
    en: [["Help with setup", "We just signed and need help importing our data."]],
    de: [["Hilfe beim Einrichten", "Wir brauchen Hilfe beim Import unserer Daten."]],
    es: [["Ayuda con la configuración", "Acabamos de firmar y necesitamos ayuda para importar los datos."]],
    fr: [["Aide à la mise en place", "Nous avons besoin d'aide pour importer nos données."]],
  },
};
