/** Word lists the seed draws from. Cities are real; weights shape the clusters on the map. */
export const womenNames = ["Emma", "Olivia", "Sofia", "Mia", "Amara", "Yuki", "Priya", "Lea", "Chloe", "Isabella", "Zara", "Hana", "Lucia", "Aisha", "Ingrid", "Camila", "Nora", "Freya", "Mei", "Valentina"];
export const menNames = ["Liam", "Noah", "Lucas", "Mateo", "Kenji", "Arjun", "Felix", "Omar", "Hugo", "Leon", "Diego", "Kwame", "Ethan", "Rafael", "Sven", "Hiro", "Tomas", "Malik", "Oscar", "Jonas"];
export const neutralNames = ["Alex", "Sam", "Robin", "Jordan", "Kai", "River", "Sasha", "Noor", "Charlie", "Ari"];
export const lastNames = ["Smith", "Garcia", "Müller", "Tanaka", "Okafor", "Rossi", "Dubois", "Kowalski", "Silva", "Kim", "Nguyen", "Patel", "Johansson", "Haddad", "Moreau", "Novak", "Cohen", "Mensah", "Fischer", "Costa", "Larsen", "Ibrahim", "Schmidt", "Romero", "Chen"];
export const emailDomains = ["example.com", "mail.example.org", "post.example.net", "inbox.example.com"];
export const bioOpeners = ["Coffee first, then adventures.", "Bookworm with a passport.", "Weekend hiker, weekday coder.", "Amateur chef, professional taster.", "Dog person looking for my human.", "Museum wanderer and vinyl collector.", "Runner, reader, bad at karaoke.", "Sunday markets and long walks."];
export const bioClosers = ["Looking for something real.", "Tell me your favourite book.", "Let's find the best ramen in town.", "Kindness is non-negotiable.", "Slow dates, good conversations.", "Ask me about my last trip."];
export const messageLines = ["Hey! How's your week going?", "I loved your photo from the mountains.", "Have you tried the new place downtown?", "Haha, same here!", "What are you reading at the moment?", "Would you like to grab a coffee this weekend?", "That sounds amazing.", "Sorry for the late reply, busy day!", "Good morning :)", "Let's do it. Saturday at 11?"];
export const eventTypes = ["speed_dating", "workshop", "ama", "mixer"] as const;
export const eventTitles: Record<(typeof eventTypes)[number], string> = {
  speed_dating: "Speed Dating Night",
  workshop: "Secure Attachment Workshop",
  ama: "Ask a Relationship Coach",
  mixer: "Singles Mixer",
};
export const hostNames = ["Dr. Lena Ortiz", "Sam Okoro", "Mika Sato", "Jules Martin", "Priya Raman"];
export const aiTypes = ["practice_companion", "relationship_coach", "profile_optimizer", "conversation_starter"];
export const consentTexts: Record<string, string> = {
  terms_of_service: "I agree to the SaltBitter Terms of Service (v3) and confirm I am 18 or older.",
  special_category_data:
    "I explicitly consent to SaltBitter processing my attachment-style assessment answers, which may reveal information about my psychological health, to suggest compatible matches (GDPR Art. 9(2)(a)). I can withdraw at any time in Settings.",
  ai_features:
    "I understand that the practice companion and relationship coach are AI systems, not people, and I consent to my messages with them being processed to provide these features.",
  marketing: "Send me news about SaltBitter events and features by email. I can unsubscribe at any time.",
};

/** [name, lat, lon, weight]: users cluster around these (several continents). */
export const cities: [string, number, number, number][] = [
  ["San Francisco", 37.7749, -122.4194, 8],
  ["Los Angeles", 34.0522, -118.2437, 8],
  ["New York", 40.7128, -74.006, 12],
  ["Toronto", 43.6532, -79.3832, 5],
  ["Mexico City", 19.4326, -99.1332, 6],
  ["Sao Paulo", -23.5505, -46.6333, 7],
  ["London", 51.5074, -0.1278, 10],
  ["Paris", 48.8566, 2.3522, 8],
  ["Berlin", 52.52, 13.405, 7],
  ["Madrid", 40.4168, -3.7038, 5],
  ["Stockholm", 59.3293, 18.0686, 3],
  ["Lagos", 6.5244, 3.3792, 4],
  ["Nairobi", -1.2921, 36.8219, 3],
  ["Cape Town", -33.9249, 18.4241, 3],
  ["Delhi", 28.6139, 77.209, 6],
  ["Singapore", 1.3521, 103.8198, 4],
  ["Tokyo", 35.6762, 139.6503, 9],
  ["Seoul", 37.5665, 126.978, 5],
  ["Sydney", -33.8688, 151.2093, 5],
  ["Auckland", -36.8485, 174.7633, 2],
];
