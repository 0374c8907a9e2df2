/** The audit pseudonym key of every test app, and of the demo data seeded into the test template. */
export const TEST_PSEUDONYM_KEY = Buffer.alloc(32, 7);
